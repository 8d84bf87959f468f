"""The archive: SQLModel tables, their migrations, and every query newsbot makes of them."""
