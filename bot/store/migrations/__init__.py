"""Alembic migrations of the archive (run through bot.store.db.upgrade or `newsbot db upgrade`)."""
