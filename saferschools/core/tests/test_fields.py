from django.test import override_settings

from saferschools.core.fields import decrypt_text, encrypt_text, rotate_value


def test_round_trip_and_ciphertext_hides_the_text():
    token = encrypt_text("He said he was scared to walk home")
    assert "scared" not in token and token.startswith("fernet:")
    assert decrypt_text(token) == "He said he was scared to walk home"


def test_rotation_old_key_still_reads_and_rotate_moves_to_new_key():
    with override_settings(FIELD_ENCRYPTION_KEYS=["old-key-secret"]):
        old = encrypt_text("words")
    with override_settings(FIELD_ENCRYPTION_KEYS=["new-key-secret", "old-key-secret"]):
        assert decrypt_text(old) == "words"
        new = rotate_value(old)
    with override_settings(FIELD_ENCRYPTION_KEYS=["new-key-secret"]):
        assert decrypt_text(new) == "words"
