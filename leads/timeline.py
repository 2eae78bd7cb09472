"""What the Mailchimp and spam-release entries of a lead's timeline say, stored as a code and its parameters.

An entry is read long after it was written, by people who read the admin in another
language than the job or webhook that wrote it ran in. So ``LeadActivity.message`` holds
one of these codes and ``LeadActivity.params`` the values (an error, tags, journeys); the
admin words them in the reader's language (``leads.admin.labels``). Migration 0012 turned
the sentences written before into codes.
"""

SYNC_SENT = "mailchimp:sent"  # params: reconfirm (bool), tags, journeys_started, journeys_unanswered (lists)
SYNC_CALLED_OFF = "mailchimp:called_off"
SYNC_RETRYING = "mailchimp:retrying"  # params: error
SYNC_FAILED = "mailchimp:failed"  # params: error
SYNC_GAVE_UP = "mailchimp:gave_up"  # params: error, attempts
SYNC_REQUEUED = "mailchimp:requeued"
SYNC_NOT_QUEUED = "mailchimp:not_queued"
UNSUBSCRIBED_AFTER_WITHDRAWAL = "mailchimp:unsubscribed_after_withdrawal"
ADDRESS_TAKEN = "mailchimp:address_taken"
ADDRESS_CHANGED = "mailchimp:address_changed"
SUBSCRIBED = "mailchimp:subscribed"
PROFILE_UPDATED = "mailchimp:profile_updated"

# Kind "spam": a release by sales (params: reason, the spam signals as stored).
SPAM_RELEASED = "spam:released"  # quarantined requests released and their jobs queued
SPAM_UNFLAGGED = "spam:unflagged"  # a lead sales had marked as spam themselves
