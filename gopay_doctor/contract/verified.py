"""The bundled flow, catalog and checks data files the safety rules found nothing in, by the
BLAKE2b-256 digest of their bytes: written by ``python -m scripts.verified`` when the package is
made (see :func:`gopay_doctor.contract.loading.Files.safety`, :func:`gopay_doctor.checks.data.read`).
Do not edit by hand."""

VERIFIED = frozenset(
    {
        "0cd46e9f3eaac1e58af844a11737a4d1e74c588e6841174c0352d6293a7ff4e1",
        "270f6b2496f74a7d8b571e90adeab8e667b4d5e41ea3255a0997e88e28fa99e8",
        "2a28fcc5dac831ad523a34fddba859b35a58181a488a9dd8a9b1d732f3cf3291",
        "4ca1fbb3a11b64093876c0fd7dec5cf2da10bac4d824ab76ce150d6bbe27a21b",
        "8e961d9f359ea36ff1ea0518d466e597c110fd3374becc564b291fe184dcd457",
        "a3a9d6d63303c00bd56ecbfefe19ef4856f50351cc76d3e6a7cbebc6bf2e05a9",
        "ba8e61444b0ea84e079231857f627d3b4c7938eabeb0d277bae896f8cadbd7cb",
    }
)
