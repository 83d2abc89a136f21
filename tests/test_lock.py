"""constraints.txt (the versions the tests pass with) agrees with pyproject.toml's ranges.

scripts/bootstrap.sh installs with ``-c constraints.txt``; scripts/lock.sh refreshes it.
A dependency added to pyproject.toml without a pin, a pin outside its range, or a pin
that is not exact fails here, before a fresh machine resolves something untested.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent


def _pins() -> dict[str, str]:
    pins: dict[str, str] = {}
    for lineno, line in enumerate((ROOT / "constraints.txt").read_text().splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        assert match, f"constraints.txt:{lineno}: not an exact pin: {line!r}"
        name = canonicalize_name(match.group(1))
        assert name not in pins, f"constraints.txt:{lineno}: {name} pinned twice"
        pins[name] = match.group(2)
    return pins


def _requirements() -> list[tuple[str, Requirement]]:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        project = tomllib.load(fh)["project"]
    found = [("dependencies", Requirement(r)) for r in project["dependencies"]]
    for extra, requirements in project.get("optional-dependencies", {}).items():
        found += [(f"[{extra}]", Requirement(r)) for r in requirements]
    return found


def test_every_requirement_is_pinned_within_its_range():
    pins = _pins()
    problems = []
    for where, requirement in _requirements():
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue  # a dependency for another platform or Python
        name = canonicalize_name(requirement.name)
        if name not in pins:
            problems.append(f"{requirement} ({where}) has no pin in constraints.txt")
        elif not requirement.specifier.contains(pins[name], prereleases=True):
            problems.append(f"{requirement} ({where}) excludes the pinned {name}=={pins[name]}")
    assert not problems, "run `bash scripts/lock.sh`:\n" + "\n".join(problems)


def test_the_installed_versions_are_the_pinned_ones():
    """The environment the tests run in was installed from the lock (bootstrap.sh)."""
    from importlib.metadata import PackageNotFoundError, version

    mismatched = []
    for name, pinned in _pins().items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            continue  # an extra this environment does not install (e.g. packaging tools)
        if Version(installed) != Version(pinned):
            mismatched.append(f"{name}: installed {installed}, pinned {pinned}")
    assert not mismatched, "the environment does not follow constraints.txt " \
        "(run `bash scripts/bootstrap.sh`):\n" + "\n".join(mismatched)
