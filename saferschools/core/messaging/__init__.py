"""Messages that leave the building (e-mail and text messages), and the one place to send them.

    from saferschools.core.messaging.services import message_send, invitation_send

Decision record: docs/decisions/122-outbound-messages.md.
"""
