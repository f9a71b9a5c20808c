"""``papers-tui whoami``: the account and token list sync would use, and what the token may do."""

from __future__ import annotations

import argparse
import sys

from tui.config import Paths, Settings, load_settings
from tui.headless import fail
from tui.services.errors import ServiceError
from tui.services.net.clients import limits
from tui.services.net.collections_auth import TokenError, find_token
from tui.services.net.collections_client import CollectionsClient


def settings_with_warnings(paths: Paths) -> Settings:
    """The settings (config file and environment), their problems printed to stderr once."""
    settings = load_settings(paths.config_file)
    for warning in settings.warnings:
        print(f"papers-tui: {warning}", file=sys.stderr)
    return settings


async def run(args: argparse.Namespace) -> int:
    paths = Paths.from_env()
    settings = settings_with_warnings(paths)
    try:
        token = find_token(paths.data_dir, settings.hf_token)
    except TokenError as error:
        return fail(str(error))
    if token is None:
        return fail("no Hugging Face token: run papers-tui login (or set HF_TOKEN, or run hf auth login)")
    client = CollectionsClient(settings.hf_endpoint, token.value, limits=limits(settings))
    try:
        who = await client.whoami()
    except ServiceError as error:
        return fail(f"{error} (token from {token.source})")
    finally:
        await client.aclose()
    print(f"{who.name}" + (f" ({who.fullname})" if who.fullname and who.fullname != who.name else ""))
    if who.orgs:
        print(f"organisations: {', '.join(who.orgs)}")
    label = f" {who.token_name!r}" if who.token_name else ""
    print(f"token{label} from {token.source}: {who.explain()}")
    return 0
