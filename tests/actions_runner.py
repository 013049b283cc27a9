"""What the GitHub Actions runner does with the lines a step prints, ported from
actions/runner (src/Runner.Common/ActionCommand.cs: TryParseV2 and TryParse;
src/Runner.Worker/ActionCommandManager.cs: TryProcessCommand), so tests read
soclint's output back exactly as the runner would."""

from __future__ import annotations

from dataclasses import dataclass, field

COMMAND_KEY = "::"
V1_PREFIX = "##["
STOP = "stop-commands"
# The runner's command extensions (compared without regard to case).
REGISTERED = {
    STOP,
    "set-env",
    "set-output",
    "save-state",
    "add-mask",
    "add-path",
    "add-matcher",
    "remove-matcher",
    "warning",
    "error",
    "notice",
    "debug",
    "group",
    "endgroup",
    "echo",
}
# (token, replacement) in the runner's order; unescaping replaces each in turn.
V1_MAPPINGS = ((";", "%3B"), ("\r", "%0D"), ("\n", "%0A"), ("]", "%5D"), ("%", "%25"))
DATA_MAPPINGS = (("\r", "%0D"), ("\n", "%0A"), ("%", "%25"))
PROPERTY_MAPPINGS = (("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C"), ("%", "%25"))


@dataclass
class Command:
    name: str
    properties: dict[str, str] = field(default_factory=dict)
    data: str = ""


def _unescape(text: str, mappings: tuple[tuple[str, str], ...]) -> str:
    for token, replacement in mappings:
        text = text.replace(replacement, token)
    return text


def _pair(entry: str) -> list[str]:
    """String.Split('=', count: 2, RemoveEmptyEntries)."""
    return [part for part in entry.split("=", 1) if part]


def parse_command(line: str, registered: set[str] = REGISTERED) -> Command | None:
    """TryParseV2: the `::name k=v,…::data` command on `line`, or None."""
    message = line.lstrip()
    if not message.startswith(COMMAND_KEY):
        return None
    end = message.find(COMMAND_KEY, len(COMMAND_KEY))
    if end < 0:
        return None
    info = message[len(COMMAND_KEY) : end]
    space = info.find(" ")
    name = info if space < 0 else info[:space]
    if name.lower() not in registered:
        return None
    command = Command(name)
    if space > 0:
        for entry in info[space + 1 :].strip().split(","):
            pair = _pair(entry)
            if len(pair) == 2:
                command.properties[pair[0]] = _unescape(pair[1], PROPERTY_MAPPINGS)
    command.data = _unescape(message[end + len(COMMAND_KEY) :], DATA_MAPPINGS)
    return command


def parse_v1_command(line: str, registered: set[str] = REGISTERED) -> Command | None:
    """TryParse: the older `##[name k=v;…]data` command anywhere on `line`, or None."""
    prefix = line.find(V1_PREFIX)
    if prefix < 0:
        return None
    bracket = line.find("]", prefix)
    if bracket < 0:
        return None
    info = line[prefix + len(V1_PREFIX) : bracket]
    space = info.find(" ")
    name = info if space < 0 else info[:space]
    if name.lower() not in registered:
        return None
    command = Command(name)
    if space > 0:
        for entry in info[space + 1 :].split(";"):
            pair = _pair(entry)
            if len(pair) == 2:
                command.properties[pair[0]] = _unescape(pair[1], V1_MAPPINGS)
    command.data = _unescape(line[bracket + 1 :], V1_MAPPINGS)
    return command


def runner_lines(output: str) -> list[str]:
    """`output` cut into lines the way the runner reads a step's stdout (CR, LF or CRLF)."""
    return output.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def processed_commands(output: str) -> list[Command]:
    """Every command the runner would act on in `output`, honouring stop-commands."""
    registered = set(REGISTERED)
    stop_token: str | None = None
    acted = []
    for line in runner_lines(output):
        if not line:
            continue
        command = parse_command(line, registered) or parse_v1_command(line, registered)
        if command is None:
            continue
        name = command.name.lower()
        if stop_token is not None:
            if name == stop_token.lower():
                registered.discard(stop_token.lower())
                stop_token = None
        elif name == STOP:
            stop_token = command.data
            registered.add(stop_token.lower())
        else:
            acted.append(command)
    return acted
