"""The domain models, one module per aggregate."""

from invordering.models.beleid import Beleidsparameter, Klok, Regime
from invordering.models.bijlage import Bijlage
from invordering.models.burger import Burger, Huishouden
from invordering.models.document import Document, DocumentSoort, PdfStatus
from invordering.models.event import ActorRol, Event, EventSoort
from invordering.models.helper import Helper, HelperSoort, Organisatie
from invordering.models.inzage import Inzage
from invordering.models.kenmerk import Volgnummer
from invordering.models.ledger import BetaalMethode, Betaling, Boeking, BoekingSoort, Component
from invordering.models.machtiging import (
    Betrouwbaarheidsniveau,
    Machtiging,
    MachtigingBron,
    MachtigingStatus,
)
from invordering.models.regeling import (
    Regeling,
    RegelingSoort,
    RegelingStatus,
    RegelingVordering,
    Termijn,
    TermijnStatus,
)
from invordering.models.signaal import (
    Contactmoment,
    Kanaal,
    Signaal,
    SignaalSoort,
    SignaalStatus,
    SignaalUitkomst,
)
from invordering.models.toeslag import Beschikking, BeschikkingSoort, Reden, Toeslag, ToeslagSoort
from invordering.models.user import User
from invordering.models.verrekening import Verrekening
from invordering.models.verwerking import (
    DeelStatus,
    Verwerking,
    Verwerkingsdeel,
    VerwerkingSoort,
    VerwerkingStatus,
)
from invordering.models.verzoek import (
    Leefsituatie,
    Pauze,
    PauzeReden,
    Verzoek,
    VerzoekSoort,
    VerzoekStatus,
)
from invordering.models.vordering import Bezwaar, BezwaarStatus, Fase, Vordering
from invordering.models.wachtperiode import Wachtperiode
from invordering.models.wachtrij import UitgesteldeTaak

__all__ = [
    "ActorRol",
    "Beleidsparameter",
    "Beschikking",
    "BeschikkingSoort",
    "BetaalMethode",
    "Betaling",
    "Betrouwbaarheidsniveau",
    "Bezwaar",
    "BezwaarStatus",
    "Bijlage",
    "Boeking",
    "BoekingSoort",
    "Burger",
    "Component",
    "Contactmoment",
    "DeelStatus",
    "Document",
    "DocumentSoort",
    "Event",
    "EventSoort",
    "Fase",
    "Helper",
    "HelperSoort",
    "Huishouden",
    "Inzage",
    "Kanaal",
    "Klok",
    "Leefsituatie",
    "Machtiging",
    "MachtigingBron",
    "MachtigingStatus",
    "Organisatie",
    "Pauze",
    "PauzeReden",
    "PdfStatus",
    "Reden",
    "Regeling",
    "RegelingSoort",
    "RegelingStatus",
    "RegelingVordering",
    "Regime",
    "Signaal",
    "SignaalSoort",
    "SignaalStatus",
    "SignaalUitkomst",
    "Termijn",
    "TermijnStatus",
    "Toeslag",
    "ToeslagSoort",
    "UitgesteldeTaak",
    "User",
    "Verrekening",
    "Verwerking",
    "VerwerkingSoort",
    "VerwerkingStatus",
    "Verwerkingsdeel",
    "Verzoek",
    "VerzoekSoort",
    "VerzoekStatus",
    "Volgnummer",
    "Vordering",
    "Wachtperiode",
]
