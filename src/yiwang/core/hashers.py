from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 with minimal cost, for tests and bulk demo data only."""

    time_cost = 1
    memory_cost = 1024
    parallelism = 1
