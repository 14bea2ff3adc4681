from django.db import models


class Rank(models.TextChoices):
    CONSTABLE = "PC", "Police Constable"
    SERGEANT = "PS", "Police Sergeant"
    INSPECTOR = "INSP"
    STAFF = "STAFF", "Police staff"


class CoverReason(models.TextChoices):
    REDEPLOYMENT = "redeployment"
    LEAVE = "leave", "Annual leave"
    SICKNESS = "sickness"
    TRAINING = "training"
    COURT = "court"
    OTHER = "other"
