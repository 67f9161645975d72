"""``python -m gopay_doctor``."""

from gopay_doctor.cli import main

raise SystemExit(main())
