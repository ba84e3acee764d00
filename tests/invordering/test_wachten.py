"""Why a vordering did not move: the daily pass keeps each change of reason (Wachtperiode),
so staff can read it for any past day, at the cost of a row per change, not per day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection, transaction

from invordering.models import Regeling, Verwerking, Vordering, Wachtperiode
from invordering.selectors.wachtgeschiedenis import Periode, wachtgeschiedenis
from invordering.services.verwerking import voer_uit
from invordering.services.verzoeken import dien_in, maak_verzoek
from tests.factories import MARK_GEGEVENS, BurgerFactory, maak_vordering

pytestmark = pytest.mark.django_db

DAGTEKENING = date(2026, 3, 6)
VERVALDATUM = DAGTEKENING + timedelta(weeks=6)  # 2026-04-17, the last day to pay


@pytest.fixture(autouse=True)
def _alleen_eigen_gegevens():
    Vordering.objects.update(fase="afgerond")
    Regeling.objects.filter(status="lopend").update(status="vervangen")
    Verwerking.objects.all().delete()


def pas(dag: date) -> Verwerking:
    return voer_uit("escalatie", dag=dag)


def perioden(vordering) -> list[tuple[date, str]]:
    return list(Wachtperiode.objects.filter(vordering=vordering).values_list("vanaf", "reden"))


def test_a_period_is_written_when_the_reason_changes_not_every_day():
    vordering = maak_vordering(BurgerFactory(), dagtekening=DAGTEKENING)
    pas(date(2026, 4, 1))
    for dag in (date(2026, 4, 2), date(2026, 4, 10), VERVALDATUM):
        pas(dag)
    assert perioden(vordering) == [(date(2026, 4, 1), "binnen_betaaltermijn")]

    pas(VERVALDATUM + timedelta(days=1))  # moves to herinnering, then waits for its term
    verzoek = maak_verzoek(
        burger=vordering.burger, soort="pbt", vorderingen=[vordering],
        actor=vordering.burger.user, gegevens=MARK_GEGEVENS,
    )  # fmt: skip
    dien_in(verzoek, actor=vordering.burger.user)
    pas(VERVALDATUM + timedelta(days=3))

    assert perioden(vordering) == [
        (date(2026, 4, 1), "binnen_betaaltermijn"),
        (date(2026, 4, 18), "herinnering_loopt"),
        (date(2026, 4, 20), "verzoek_in_behandeling"),
    ]
    vordering.refresh_from_db()
    assert (vordering.wacht_reden, vordering.wacht_sinds) == (
        "verzoek_in_behandeling",
        date(2026, 4, 20),
    )


def test_running_a_day_again_writes_nothing_new():
    vordering = maak_vordering(BurgerFactory(), dagtekening=DAGTEKENING)
    pas(date(2026, 4, 1))
    Verwerking.objects.all().delete()
    pas(date(2026, 4, 1))
    assert perioden(vordering) == [(date(2026, 4, 1), "binnen_betaaltermijn")]


def test_the_history_reads_as_periods_newest_first():
    vordering = maak_vordering(BurgerFactory(), dagtekening=DAGTEKENING)
    pas(date(2026, 4, 1))
    pas(VERVALDATUM + timedelta(days=1))
    assert wachtgeschiedenis([vordering.pk]) == {
        vordering.pk: [
            Periode(date(2026, 4, 18), None, "herinnering_loopt"),
            Periode(date(2026, 4, 1), date(2026, 4, 17), "binnen_betaaltermijn"),
        ]
    }
    assert wachtgeschiedenis([]) == {}


def test_the_history_is_append_only():
    vordering = maak_vordering(BurgerFactory(), dagtekening=DAGTEKENING)
    pas(date(2026, 4, 1))
    periode = Wachtperiode.objects.get(vordering=vordering)
    with pytest.raises(TypeError):
        periode.save()
    with pytest.raises(TypeError):
        Wachtperiode.objects.filter(pk=periode.pk).update(reden="x")
    with pytest.raises(TypeError):
        Wachtperiode.objects.filter(pk=periode.pk).delete()
    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE invordering_wachtperiode SET reden = 'x'")
