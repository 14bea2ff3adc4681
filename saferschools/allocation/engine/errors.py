"""Errors raised by the allocation engine.

Every failure the engine can predict is an :class:`AllocationError` subclass whose
message is written for a planner, not a programmer: it names the district, school or
officer concerned and says what to change.
"""

from __future__ import annotations


class AllocationError(Exception):
    """Base class of every predictable allocation failure."""


class NoOfficersError(AllocationError):
    """The plan was asked to place zero (or a negative number of) constables."""


class TooManyOfficersError(AllocationError):
    """More constables than secondary-phase schools: someone would have no school."""


class MissingFactorError(AllocationError):
    """A district lacks the data one of the demand factors needs."""


class UnknownMethodError(AllocationError):
    """The apportionment method name is not one the engine knows."""


class InfeasibleApportionmentError(AllocationError):
    """The district minimums and maximums cannot be met with the given total."""


class InfeasibleToleranceError(AllocationError):
    """No set of patches keeps every officer's workload inside the tolerance."""


class UnknownOfficerError(AllocationError):
    """A redeployment names an officer who is not in the plan."""


class InvalidInputError(AllocationError):
    """Input that is malformed in some other way (duplicate URN, unknown district...)."""


class SolverTimeoutError(AllocationError):
    """The optimiser found no plan at all within its time limit."""
