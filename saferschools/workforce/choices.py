from django.db import models


class Rank(models.TextChoices):
    CONSTABLE = "PC", "Police Constable"
    SERGEANT = "PS", "Police Sergeant"
    INSPECTOR = "INSP", "Inspector"
    STAFF = "STAFF", "Police staff"


class CoverReason(models.TextChoices):
    REDEPLOYMENT = "redeployment", "Redeployment"
    LEAVE = "leave", "Annual leave"
    SICKNESS = "sickness", "Sickness"
    TRAINING = "training", "Training"
    COURT = "court", "Court"
    OTHER = "other", "Other"
