"""The bundled flow and catalog files the safety rules found nothing in, by the BLAKE2b-256
digest of their bytes: written by ``python -m scripts.verified`` when the package is made (see
:func:`gopay_doctor.contract.loading.Files.safety`). Do not edit by hand."""

VERIFIED = frozenset(
    {
        "30e4163e1f247ba46bebeeb54ddad9bcfac851663087b8a3d684a12af52b8a7f",
        "4225038ce51e3590a446127a4f861e6309f55181b9cce60b2b410153321c16c1",
        "698d2ba2143ff3f838b24fd7d7fc1b8cc823d59e34c3f39958e25dba780f4a89",
        "80ffc5804a2711b4a2069585ce1d49cdd043f92ecb23a08f59b7133a633ee81d",
        "ae5a436c4cb502e57768d0f447bc30cf74a5a49d673de4ff75ed4911806b5eb6",
    }
)
