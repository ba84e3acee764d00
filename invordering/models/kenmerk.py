from django.db import models


class Volgnummer(models.Model):
    """The last number handed out per prefix; kenmerken are built from it (no gaps reused)."""

    prefix = models.CharField(max_length=20, primary_key=True)
    laatste = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.prefix}: {self.laatste}"
