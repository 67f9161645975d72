"""The automatic checks a question may name with ``auto:``: part of the flow file contract.

A flow is valid only if each ``auto`` names a check listed here, and its question offers
every value the check may propose. Reading this registry imports no check; a check's
module is imported when it first runs (:mod:`gopay_doctor.checks`).
"""

from typing import NamedTuple


class CheckSpec(NamedTuple):
    """A registered check: where it lives and what it can answer."""

    module: str
    """The module whose ``check(context)`` function runs it."""
    values: tuple[str, ...]
    """Every answer value it may propose; a question using it must offer them all."""
    network: bool = False
    """It connects to the network, so it runs only with ``--check-network``."""


CHECKS: dict[str, CheckSpec] = {
    "clock.peak": CheckSpec("gopay_doctor.checks.clock", ("yes", "no")),
    "network.reachable": CheckSpec(
        "gopay_doctor.checks.network", ("yes", "no", "unstable"), network=True
    ),
}
