"""Staff pages inside the admin (/beheer/): the queues, the totaalbeeld, decisions, downloads.

Every view asks the policy module (invordering.policy) before it does anything: someone
who is not logged in as staff goes to the admin login, staff without the permission get
403, and an object that does not exist is 404.
"""
