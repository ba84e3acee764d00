"""The container deployment: docker-compose.yml, the Dockerfile and .dockerignore.

No Docker engine runs these tests, so they read the files and check what a broken
deployment would get wrong first: a service missing or started with the wrong command, a
dependency that does not wait for health, an app variable the settings never read, web and
worker writing letters to different folders, a WeasyPrint library missing from the image.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
SETTINGS_FILE = ROOT / "config" / "settings.py"

# Long-running app processes, and every service built from the Dockerfile.
APP_SERVICES = ("web", "worker", "beat")
BUILT_SERVICES = (*APP_SERVICES, "migrate")
BACKING_SERVICES = ("postgres", "redis", "mailpit")
EXPECTED_SERVICES = {*BUILT_SERVICES, *BACKING_SERVICES}

WEASYPRINT_PACKAGES = (
    "libpango-1.0-0",
    "libpangoft2-1.0-0",
    "libharfbuzz0b",
    "libharfbuzz-subset0",
    "libfontconfig1",
    "fonts-dejavu-core",
)

# Compose variables that configure a bundled service and reach the app only inside another
# value, never as a setting of their own. Each maps to the service that must use it.
COMPOSE_ONLY_VARIABLES = {"POSTGRES_PASSWORD": "postgres"}

# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}
INTERPOLATION = re.compile(
    r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}"
)
BARE_VARIABLE = re.compile(r"\$(?P<name>[A-Za-z_][A-Za-z0-9_]*)")


class MissingVariable(Exception):
    pass


def interpolate(value: str, env: dict[str, str] | None = None) -> str:
    """Resolve compose interpolation the way `docker compose` does, for one string."""
    env = env or {}

    def resolve(match: re.Match[str]) -> str:
        name, op, arg = match["name"], match["op"], match["arg"]
        present, current = name in env, env.get(name, "")
        if op is None:
            return current
        if op == ":-":
            return current or arg
        if op == "-":
            return current if present else arg
        if (op == ":?" and not current) or (op == "?" and not present):
            raise MissingVariable(f"{name}: {arg}")
        return current

    escaped = value.replace("$$", "\0")
    return INTERPOLATION.sub(resolve, escaped).replace("\0", "$")


def referenced_variables(value: object) -> set[str]:
    """Names of all variables interpolated anywhere in a (nested) compose value."""
    if isinstance(value, dict):
        return set().union(*(referenced_variables(v) for v in value.values()), set())
    if isinstance(value, list):
        return set().union(*(referenced_variables(v) for v in value), set())
    if not isinstance(value, str):
        return set()
    text = value.replace("$$", "")  # an escaped $ is for the container's shell
    names = {m["name"] for m in INTERPOLATION.finditer(text)}
    return names | {m["name"] for m in BARE_VARIABLE.finditer(INTERPOLATION.sub("", text))}


def environment(service: dict) -> dict[str, str]:
    raw = service.get("environment") or {}
    if isinstance(raw, list):
        raw = dict(item.split("=", 1) if "=" in item else (item, None) for item in raw)
    return {key: "" if value is None else str(value) for key, value in raw.items()}


def command_words(service: dict) -> list[str]:
    command = service.get("command")
    if command is None:
        return []
    return shlex.split(command) if isinstance(command, str) else [str(w) for w in command]


def mounts(service: dict) -> dict[str, str]:
    """Container path -> source of every volume mount of a service."""
    result = {}
    for volume in service.get("volumes") or []:
        if isinstance(volume, dict):
            result[volume["target"]] = volume.get("source", "")
        else:
            source, _, rest = volume.partition(":")
            result[rest.split(":")[0]] = source
    return result


def healthcheck_test(service: dict) -> list[str]:
    test = (service.get("healthcheck") or {}).get("test")
    if isinstance(test, str):
        return ["CMD-SHELL", test]
    return [str(word) for word in test or []]


def settings_variables() -> set[str]:
    text = SETTINGS_FILE.read_text()
    return set(re.findall(r"\benv_\w+\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']", text))


# --- Dockerfile parsing ------------------------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) per logical line: continuations joined, comments dropped."""
    instructions, current = [], ""
    for line in DOCKERFILE.read_text().splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        current += stripped
        keyword, _, arguments = current.partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        current = ""
    assert not current, "Dockerfile ends inside a line continuation"
    return instructions


def dockerfile_stages() -> tuple[dict[str, str], dict[str, dict]]:
    """Global ARG defaults, and per stage name its parent image and instructions."""
    global_args: dict[str, str] = {}
    stages: dict[str, dict] = {}
    stage = None
    for keyword, arguments in dockerfile_instructions():
        if keyword == "ARG" and stage is None:
            name, _, default = arguments.partition("=")
            global_args[name] = default
        elif keyword == "FROM":
            words = arguments.split()
            words = [w for w in words if not w.startswith("--platform")]
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else str(len(stages))
            stage = {"from": words[0], "instructions": []}
            stages[name] = stage
        else:
            assert stage is not None, f"{keyword} before the first FROM"
            stage["instructions"].append((keyword, arguments))
    return global_args, stages


def stage_chain(stages: dict[str, dict], name: str) -> list[str]:
    """The stage and the stages it is built FROM, base first."""
    chain = [name]
    while stages[chain[0]]["from"] in stages:
        chain.insert(0, stages[chain[0]]["from"])
    return chain


def chain_instructions(stages: dict[str, dict], name: str) -> list[tuple[str, str]]:
    return [i for stage in stage_chain(stages, name) for i in stages[stage]["instructions"]]


def apt_installed(instructions: list[tuple[str, str]]) -> set[str]:
    packages: set[str] = set()
    for keyword, arguments in instructions:
        if keyword == "RUN" and "apt-get install" in arguments:
            packages.update(shlex.split(arguments))
    return packages


# --- Fixtures ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict:
    data = yaml.safe_load(COMPOSE_FILE.read_text())
    assert isinstance(data, dict), "docker-compose.yml is not a mapping"
    return data


@pytest.fixture(scope="module")
def services(compose: dict) -> dict[str, dict]:
    return compose["services"]


@pytest.fixture(scope="module")
def stages() -> dict[str, dict]:
    return dockerfile_stages()[1]


@pytest.fixture(scope="module")
def runtime_stage(services: dict[str, dict], stages: dict[str, dict]) -> str:
    """The Dockerfile stage compose builds (its build target, else the last stage)."""
    build = services["web"]["build"]
    target = build.get("target") if isinstance(build, dict) else None
    name = target or list(stages)[-1]
    assert name in stages, f"compose builds target {name!r}; Dockerfile stages: {list(stages)}"
    return name


# --- Compose: services and commands ------------------------------------------------------


def test_compose_file_uses_the_compose_spec_without_version(compose: dict) -> None:
    assert "version" not in compose, "the compose spec has no `version:` key; remove it"


def test_all_services_exist(services: dict[str, dict]) -> None:
    missing = EXPECTED_SERVICES - services.keys()
    assert not missing, f"docker-compose.yml lacks services: {sorted(missing)}"


@pytest.mark.parametrize("name", BUILT_SERVICES)
def test_app_services_build_from_the_dockerfile(services: dict[str, dict], name: str) -> None:
    service = services[name]
    assert "build" in service, f"{name} must build from the Dockerfile, not pull an image"
    build = service["build"]
    context = build if isinstance(build, str) else build.get("context", ".")
    dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
    assert (ROOT / context / dockerfile).resolve() == DOCKERFILE, (
        f"{name} builds {context}/{dockerfile}, expected the project's Dockerfile"
    )


def test_app_services_run_one_image(services: dict[str, dict]) -> None:
    images = {services[name].get("image") for name in BUILT_SERVICES}
    builds = {repr(services[name]["build"]) for name in BUILT_SERVICES}
    assert len(images) == 1, f"built services tag different images: {images}"
    assert len(builds) == 1, f"built services differ in their build: {builds}"


def test_web_runs_gunicorn(services: dict[str, dict]) -> None:
    words = command_words(services["web"])
    assert words[:2] == ["gunicorn", "config.wsgi:application"], f"web command: {words}"
    assert "0.0.0.0:8000" in words, f"web must bind 0.0.0.0:8000: {words}"
    assert "8000:8000" in [str(p) for p in services["web"].get("ports", [])], (
        f"web must publish port 8000: {services['web'].get('ports')}"
    )


def test_web_command_matches_the_image_default(services: dict[str, dict]) -> None:
    cmd = [args for keyword, args in dockerfile_instructions() if keyword == "CMD"]
    assert cmd, "Dockerfile has no CMD"
    assert yaml.safe_load(cmd[-1]) == command_words(services["web"]), (
        "web's command and the Dockerfile's CMD differ; keep them the same"
    )


def test_worker_runs_celery_worker(services: dict[str, dict]) -> None:
    words = command_words(services["worker"])
    assert words[:4] == ["celery", "-A", "config", "worker"], f"worker command: {words}"
    assert "--concurrency" in words, f"worker sets no --concurrency: {words}"
    assert words[words.index("--concurrency") + 1] == "2", f"worker concurrency: {words}"


def test_beat_runs_celery_beat_with_its_schedule_in_the_data_volume(
    services: dict[str, dict],
) -> None:
    words = command_words(services["beat"])
    assert words[:4] == ["celery", "-A", "config", "beat"], f"beat command: {words}"
    data_dir = environment(services["beat"])["DATA_DIR"]
    assert "--schedule" in words, f"beat must keep its schedule in {data_dir}: {words}"
    schedule = words[words.index("--schedule") + 1]
    assert schedule.startswith(data_dir.rstrip("/") + "/"), (
        f"beat schedule {schedule} is not inside DATA_DIR {data_dir}"
    )


def test_migrate_runs_once_before_the_app(services: dict[str, dict]) -> None:
    migrate = services["migrate"]
    assert command_words(migrate)[:3] == ["python", "manage.py", "migrate"], (
        f"migrate command: {command_words(migrate)}"
    )
    assert "--noinput" in command_words(migrate)
    assert migrate.get("restart", "no") == "no", "a one-shot step must not restart"
    assert migrate.get("depends_on", {}).get("postgres", {}).get("condition") == (
        "service_healthy"
    ), "migrate must wait until postgres is healthy"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_wait_for_healthy_backends_and_migrations(
    services: dict[str, dict], name: str
) -> None:
    depends_on = services[name].get("depends_on")
    assert isinstance(depends_on, dict), f"{name}: depends_on must use conditions"
    expected = {
        "postgres": "service_healthy",
        "redis": "service_healthy",
        "migrate": "service_completed_successfully",
    }
    actual = {dep: (depends_on.get(dep) or {}).get("condition") for dep in expected}
    assert actual == expected, f"{name} depends_on conditions: {actual}"


@pytest.mark.parametrize(
    "name", [*APP_SERVICES, *BACKING_SERVICES], ids=[*APP_SERVICES, *BACKING_SERVICES]
)
def test_long_running_services_restart(services: dict[str, dict], name: str) -> None:
    assert services[name].get("restart") == "unless-stopped", (
        f"{name} restart policy: {services[name].get('restart')!r}"
    )


# --- Compose: backing services and health checks ----------------------------------------


def test_backing_service_images(services: dict[str, dict]) -> None:
    images = {name: services[name].get("image", "") for name in BACKING_SERVICES}
    assert images["postgres"].startswith("postgres:16"), images
    assert images["redis"].startswith("redis:7"), images
    assert images["mailpit"].split(":")[0] == "axllent/mailpit", images
    for name in BACKING_SERVICES:
        assert "build" not in services[name], f"{name} should use its published image"


def test_postgres_is_configured_and_persistent(services: dict[str, dict], compose: dict) -> None:
    postgres = services["postgres"]
    env = environment(postgres)
    for key in ("POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"):
        assert interpolate(env.get(key, "")), f"postgres needs a non-empty {key}"
    source = mounts(postgres).get("/var/lib/postgresql/data")
    assert source in (compose.get("volumes") or {}), (
        f"postgres data must live on a named volume, got {source!r}"
    )


@pytest.mark.parametrize(
    ("name", "expected_words"),
    [
        ("postgres", ["pg_isready"]),
        ("redis", ["redis-cli", "ping"]),
        ("mailpit", ["readyz"]),
        ("web", ["http://127.0.0.1:8000/gezondheid/"]),
        ("worker", ["inspect", "ping"]),
    ],
)
def test_health_checks(services: dict[str, dict], name: str, expected_words: list[str]) -> None:
    test = healthcheck_test(services[name])
    assert test and test[0] in {"CMD", "CMD-SHELL"}, f"{name} healthcheck test: {test}"
    text = " ".join(test[1:])
    for word in expected_words:
        assert word in text, f"{name} healthcheck should contain {word!r}: {test}"


def test_web_health_check_is_valid_python(services: dict[str, dict]) -> None:
    test = healthcheck_test(services["web"])
    assert test[:3] == ["CMD", "python", "-c"], f"web healthcheck: {test}"
    compile(test[3], "web-healthcheck", "exec")  # a SyntaxError fails the test


def test_web_health_check_host_is_always_allowed(services: dict[str, dict]) -> None:
    raw = environment(services["web"])["ALLOWED_HOSTS"]
    for env in ({}, {"ALLOWED_HOSTS": "toeslagen.example"}):
        hosts = interpolate(raw, env).split(",")
        assert "127.0.0.1" in hosts, (
            f"the health check calls 127.0.0.1, but ALLOWED_HOSTS becomes {hosts} with {env}"
        )


def test_worker_health_check_pings_its_own_node(services: dict[str, dict]) -> None:
    test = healthcheck_test(services["worker"])
    assert test[0] == "CMD-SHELL", "the worker check needs a shell to expand $HOSTNAME"
    assert "celery -A config inspect ping" in test[1], test
    assert "celery@$$HOSTNAME" in test[1], (
        "write $$HOSTNAME so compose leaves $HOSTNAME for the container's shell"
    )
    assert interpolate(test[1]).endswith("celery@$HOSTNAME"), interpolate(test[1])


def test_mail_catcher_ui_is_published(services: dict[str, dict]) -> None:
    assert "8025:8025" in [str(p) for p in services["mailpit"].get("ports", [])]


# --- Compose: the app's environment ------------------------------------------------------


@pytest.mark.parametrize("name", BUILT_SERVICES)
def test_app_environment(services: dict[str, dict], name: str) -> None:
    env = environment(services[name])
    postgres = environment(services["postgres"])

    database = urlsplit(interpolate(env.get("DATABASE_URL", "")))
    assert database.scheme in {"postgres", "postgresql"}, f"{name} DATABASE_URL: {database}"
    assert database.hostname == "postgres", f"{name} DATABASE_URL host: {database.hostname}"
    assert database.port == 5432, f"{name} DATABASE_URL port: {database.port}"
    assert database.path == "/" + interpolate(postgres["POSTGRES_DB"]), database.path
    assert database.username == interpolate(postgres["POSTGRES_USER"]), database.username

    broker = urlsplit(env.get("CELERY_BROKER_URL", ""))
    assert (broker.scheme, broker.hostname) == ("redis", "redis"), (
        f"{name} CELERY_BROKER_URL must point at the redis service: {broker.geturl()!r}"
    )

    assert env.get("EMAIL_HOST") == "mailpit", f"{name} EMAIL_HOST: {env.get('EMAIL_HOST')}"
    assert env.get("EMAIL_PORT") == "1025", f"{name} EMAIL_PORT: {env.get('EMAIL_PORT')}"
    assert env.get("DATA_DIR"), f"{name} sets no DATA_DIR"

    assert re.fullmatch(r"\$\{SECRET_KEY:\?.+\}", env.get("SECRET_KEY", "")), (
        f"{name} SECRET_KEY must come from the environment as ${{SECRET_KEY:?message}}"
    )
    with pytest.raises(MissingVariable, match="SECRET_KEY"):
        interpolate(env["SECRET_KEY"], {})
    assert interpolate(env.get("DEMO", ""), {}) == "false", f"{name} DEMO must default to false"
    assert interpolate(env.get("ALLOWED_HOSTS", "")), f"{name} sets no ALLOWED_HOSTS"


def test_database_password_follows_postgres(services: dict[str, dict]) -> None:
    postgres = environment(services["postgres"])["POSTGRES_PASSWORD"]
    for env in ({}, {"POSTGRES_PASSWORD": "another-password"}):
        expected = interpolate(postgres, env)
        for name in BUILT_SERVICES:
            url = urlsplit(interpolate(environment(services[name])["DATABASE_URL"], env))
            assert url.password == expected, (
                f"{name} connects with password {url.password!r}, postgres has {expected!r}"
            )


def test_settings_variables_are_found() -> None:
    found = settings_variables()
    assert {"SECRET_KEY", "DATABASE_URL", "DATA_DIR"} <= found, (
        f"could not read env_* calls from config/settings.py; found {sorted(found)}"
    )


@pytest.mark.parametrize("name", BUILT_SERVICES)
def test_app_environment_names_are_read_by_settings(services: dict[str, dict], name: str) -> None:
    unread = set(environment(services[name])) - settings_variables()
    assert not unread, f"{name} sets variables config/settings.py never reads: {sorted(unread)}"


@pytest.mark.parametrize("name", BUILT_SERVICES)
def test_app_interpolations_are_read_by_settings(services: dict[str, dict], name: str) -> None:
    used = referenced_variables(services[name])
    unknown = used - settings_variables() - COMPOSE_ONLY_VARIABLES.keys()
    assert not unknown, (
        f"{name} interpolates variables config/settings.py never reads: {sorted(unknown)}"
    )


@pytest.mark.parametrize("variable", sorted(COMPOSE_ONLY_VARIABLES))
def test_compose_only_variables_configure_their_service(
    services: dict[str, dict], variable: str
) -> None:
    service = COMPOSE_ONLY_VARIABLES[variable]
    assert variable in referenced_variables(services[service]), (
        f"{variable} is allowed for the app only because {service} uses it, but it does not"
    )


# --- Compose: volumes --------------------------------------------------------------------


def test_app_services_share_the_data_volume(services: dict[str, dict], compose: dict) -> None:
    declared = compose.get("volumes") or {}
    sources = {}
    for name in BUILT_SERVICES:
        data_dir = environment(services[name])["DATA_DIR"]
        source = mounts(services[name]).get(data_dir)
        assert source, f"{name} mounts nothing at DATA_DIR {data_dir}"
        assert source in declared, f"{name} mounts {source!r} at {data_dir}; not a named volume"
        sources[name] = source
    assert len(set(sources.values())) == 1, (
        f"web and worker must share one data volume (the worker writes letters web serves): "
        f"{sources}"
    )
    assert {environment(services[n])["DATA_DIR"] for n in BUILT_SERVICES} == {"/data"}


def test_named_volumes_are_declared(services: dict[str, dict], compose: dict) -> None:
    declared = set(compose.get("volumes") or {})
    used = {
        source
        for service in services.values()
        for source in mounts(service).values()
        if source and not source.startswith((".", "/", "~"))
    }
    assert used, "no named volumes in use"
    assert used <= declared, f"volumes used but not declared: {sorted(used - declared)}"


# --- Dockerfile --------------------------------------------------------------------------


def test_image_is_based_on_python_311_slim_bookworm(stages: dict[str, dict]) -> None:
    global_args, _ = dockerfile_stages()
    root = stages[next(iter(stages))]["from"]
    root = re.sub(r"\$\{?(\w+)\}?", lambda m: global_args.get(m[1], m[0]), root)
    assert root == "python:3.11-slim-bookworm", f"base image: {root}"


def test_image_installs_weasyprint_libraries(stages: dict[str, dict], runtime_stage: str) -> None:
    installed = apt_installed(chain_instructions(stages, runtime_stage))
    missing = [p for p in WEASYPRINT_PACKAGES if p not in installed]
    assert not missing, f"the {runtime_stage} image lacks WeasyPrint packages: {missing}"


def stages_copied_into(stages: dict[str, dict], name: str, path: str) -> set[str]:
    """Stages whose `path` the given stage's image copies in with COPY --from."""
    copied = set()
    for keyword, args in chain_instructions(stages, name):
        words = shlex.split(args)
        source_stage = next((w.split("=", 1)[1] for w in words if w.startswith("--from=")), None)
        sources = [w.rstrip("/") for w in words if not w.startswith("--")][:-1]
        if keyword == "COPY" and source_stage and path in sources:
            copied.add(source_stage)
    return copied


def test_image_compiles_translations_and_collects_static(
    stages: dict[str, dict], runtime_stage: str
) -> None:
    # The .mo files land in /app/locale, the static files in /app/staticfiles (STATIC_ROOT).
    present = set(stage_chain(stages, runtime_stage)) | stages_copied_into(
        stages, runtime_stage, "/app"
    )
    for command in ("manage.py compilemessages", "manage.py collectstatic --noinput"):
        where = [
            name
            for name, stage in stages.items()
            if any(k == "RUN" and command in a for k, a in stage["instructions"])
        ]
        assert where, f"the Dockerfile never runs `{command}`"
        assert set(where) & present, (
            f"`{command}` runs in stage {where}, but the {runtime_stage} image neither is "
            f"that stage nor copies /app from it"
        )
    where = [
        name
        for name, stage in stages.items()
        if any(k == "RUN" and "compilemessages" in a for k, a in stage["instructions"])
    ]
    assert "gettext" in apt_installed(chain_instructions(stages, where[0])), (
        f"compilemessages needs gettext (msgfmt), which stage {where[0]} does not install"
    )


def test_image_runs_as_a_non_root_user(stages: dict[str, dict], runtime_stage: str) -> None:
    users = [
        args for keyword, args in chain_instructions(stages, runtime_stage) if keyword == "USER"
    ]
    assert users, "the Dockerfile never switches USER; the app would run as root"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}, f"the image runs as {users[-1]!r}"


def test_image_exposes_8000_without_healthcheck(
    stages: dict[str, dict], runtime_stage: str
) -> None:
    instructions = chain_instructions(stages, runtime_stage)
    exposed = [args for keyword, args in instructions if keyword == "EXPOSE"]
    assert any("8000" in args.split() for args in exposed), f"EXPOSE: {exposed}"
    assert not [k for k, _ in instructions if k == "HEALTHCHECK"], (
        "health checks belong in docker-compose.yml, not in the image"
    )


def test_dockerignore_keeps_local_state_out() -> None:
    patterns = {
        line.strip()
        for line in DOCKERIGNORE.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    for pattern in (".git", ".venv", "data", "staticfiles", ".pytest_cache", "test-results"):
        assert pattern in patterns, f".dockerignore should list {pattern}"
