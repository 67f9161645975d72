"""The bundled flow and catalog files the safety rules found nothing in, by the BLAKE2b-256
digest of their bytes: written by ``python -m scripts.verified`` when the package is made (see
:func:`gopay_doctor.contract.loading.Files.safety`). Do not edit by hand."""

VERIFIED = frozenset(
    {
        "00272bce47f8f988fc50e496c672613e89d1199c61acbf3522814756ed85ea4f",
        "5be7cc5b9b28801ca54598d53e0d485763b8ded6ffbe5472e1eeb7f3e474f569",
        "8415bfd78e84f9d9edf1c09e6d97b9a3795003c1328209aed0facdec4cb06a07",
        "a3a9d6d63303c00bd56ecbfefe19ef4856f50351cc76d3e6a7cbebc6bf2e05a9",
        "ba8e61444b0ea84e079231857f627d3b4c7938eabeb0d277bae896f8cadbd7cb",
    }
)
