"""The bundled flow, catalog and checks data files the safety rules found nothing in, by the
BLAKE2b-256 digest of their bytes: written by ``python -m scripts.verified`` when the package is
made (see :func:`gopay_doctor.contract.loading.Files.safety`, :func:`gopay_doctor.checks.data.read`).
Do not edit by hand."""

VERIFIED = frozenset(
    {
        "16f1cc3210dc64082ec9d4fa267982f03467927063abe14ff2eeed37c471d4a2",
        "2473938ca630720588775eaf2e8f4df2d3209fb00a0f8403e3591b00b819ad61",
        "270f6b2496f74a7d8b571e90adeab8e667b4d5e41ea3255a0997e88e28fa99e8",
        "2a28fcc5dac831ad523a34fddba859b35a58181a488a9dd8a9b1d732f3cf3291",
        "57249e45a0a6f31cd3cbf3dd32bbff9a99d7d28d0444f1babfa7b09a48972343",
        "58d10a695fa3e14cbb83d1e36df8d32e718c1fdb8b19a6646a78a028e511c0ee",
        "ae5a436c4cb502e57768d0f447bc30cf74a5a49d673de4ff75ed4911806b5eb6",
    }
)
