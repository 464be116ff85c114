"""Checks one rendered overlay (validate.sh): the fields a Modelhost deployment must have,
and that the objects refer to each other by names, labels, ports and keys that exist."""

import base64
import re
import sys

import yaml

overlay, path = sys.argv[1], sys.argv[2]
with open(path) as f:
    objects = [o for o in yaml.safe_load_all(f) if o]
problems = []


def problem(obj, text):
    problems.append(f"{obj['kind']}/{obj['metadata']['name']}: {text}")


def get(obj, *keys, default=None):
    for key in keys:
        if isinstance(obj, dict) and key in obj:
            obj = obj[key]
        elif isinstance(obj, list) and isinstance(key, int) and key < len(obj):
            obj = obj[key]
        else:
            return default
    return obj


def named(kind):
    return {o["metadata"]["name"]: o for o in objects if o["kind"] == kind}


def matches(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


for obj in objects:
    for field in ("apiVersion", "kind", "metadata"):
        if field not in obj:
            problems.append(f"an object without {field}: {str(obj)[:80]}")
    if obj["kind"] != "Namespace" and not get(obj, "metadata", "namespace"):
        problem(obj, "no namespace")

deployments, services = named("Deployment"), named("Service")
configmaps, secrets = named("ConfigMap"), named("Secret")
# every secret's values, decoded (never printed)
secret_values = {name: {**{k: base64.b64decode(v).decode() for k, v in (s.get("data") or {}).items()},
                        **(s.get("stringData") or {})} for name, s in secrets.items()}
pvcs = named("PersistentVolumeClaim")
if not deployments:
    problems.append("no Deployment")
for kind in ("Service", "Ingress", "PodDisruptionBudget", "HorizontalPodAutoscaler", "ConfigMap", "Secret",
             "ServiceMonitor", "Namespace"):
    if not named(kind):
        problems.append(f"no {kind}")

env_names = set()
for d in deployments.values():
    pod = get(d, "spec", "template", "spec", default={})
    labels = get(d, "spec", "template", "metadata", "labels", default={})
    if not matches(get(d, "spec", "selector", "matchLabels"), labels):
        problem(d, "selector does not match the pod's labels")
    pod_security = pod.get("securityContext", {})
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    for v in volumes.values():
        if "persistentVolumeClaim" in v and v["persistentVolumeClaim"]["claimName"] not in pvcs:
            problem(d, f"volume {v['name']}: no claim {v['persistentVolumeClaim']['claimName']}")
    if pod.get("automountServiceAccountToken") is not False:
        problem(d, "mounts a service account token")
    for c in pod.get("containers", []) + pod.get("initContainers", []):
        where = f"container {c['name']}"
        ports = {p.get("name"): p["containerPort"] for p in c.get("ports", [])}
        for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
            http = get(c, probe, "httpGet")
            if not http:
                problem(d, f"{where}: no {probe} (HTTP)")
                continue
            if not http["path"].startswith("/actuator/health/"):
                problem(d, f"{where}: {probe} is not an actuator health group: {http['path']}")
            if http["port"] not in ports and http["port"] not in ports.values():
                problem(d, f"{where}: {probe} port {http['port']} is not a container port")
        if get(c, "readinessProbe", "httpGet", "path") != "/actuator/health/readiness":
            problem(d, f"{where}: readiness must be /actuator/health/readiness")
        if get(c, "livenessProbe", "httpGet", "path") != "/actuator/health/liveness":
            problem(d, f"{where}: liveness must be /actuator/health/liveness")
        for field in (("requests", "cpu"), ("requests", "memory"), ("limits", "memory")):
            if not get(c, "resources", *field):
                problem(d, f"{where}: no resources.{'.'.join(field)}")
        if get(c, "resources", "requests", "memory") != get(c, "resources", "limits", "memory"):
            problem(d, f"{where}: memory request and limit differ (a model's memory is not elastic)")
        security = c.get("securityContext", {})
        if not (security.get("runAsNonRoot") or pod_security.get("runAsNonRoot")):
            problem(d, f"{where}: not runAsNonRoot")
        if (security.get("runAsUser", pod_security.get("runAsUser")) or 0) == 0:
            problem(d, f"{where}: no non-zero runAsUser")
        if security.get("readOnlyRootFilesystem") is not True:
            problem(d, f"{where}: root file system not read-only")
        if security.get("allowPrivilegeEscalation") is not False:
            problem(d, f"{where}: allowPrivilegeEscalation not false")
        if "ALL" not in get(security, "capabilities", "drop", default=[]):
            problem(d, f"{where}: capabilities not all dropped")
        if security.get("privileged"):
            problem(d, f"{where}: privileged")
        mounts = {m["mountPath"]: m["name"] for m in c.get("volumeMounts", [])}
        for needed in ("/tmp", "/var/lib/modelhost", "/var/cache/modelhost"):
            if needed not in mounts:
                problem(d, f"{where}: nothing mounted on {needed} (the root file system is read-only)")
            elif mounts[needed] not in volumes:
                problem(d, f"{where}: {needed} mounts a volume that does not exist")
        if "emptyDir" not in volumes.get(mounts.get("/tmp"), {}):
            problem(d, f"{where}: /tmp is not an emptyDir")
        image = c.get("image", "")
        if ":" not in image.split("/")[-1] and "@" not in image or image.endswith(":latest"):
            problem(d, f"{where}: image {image!r} has no fixed tag")
        for source in c.get("envFrom", []):
            if "configMapRef" in source:
                name = source["configMapRef"]["name"]
                if name not in configmaps:
                    problem(d, f"{where}: no ConfigMap {name}")
                else:
                    env_names |= set(configmaps[name].get("data", {}))
            if "secretRef" in source:
                name = source["secretRef"]["name"]
                if name not in secrets:
                    problem(d, f"{where}: no Secret {name}")
                else:
                    env_names |= set(secret_values[name])
        for e in c.get("env", []):
            env_names.add(e["name"])
            ref = get(e, "valueFrom", "secretKeyRef")
            if ref:
                if ref["key"] not in secret_values.get(ref["name"], {}):
                    problem(d, f"{where}: env {e['name']} refers to a missing secret key {ref['name']}/{ref['key']}")

    for required in ("SPRING_PROFILES_ACTIVE", "SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
                     "SPRING_DATASOURCE_PASSWORD", "SPRING_DATA_REDIS_URL", "MODELHOST_ACCOUNTS_JWT_SECRET",
                     "MODELHOST_DATA_DIR", "MODELHOST_JOBS_NODE_NAME", "LOGGING_STRUCTURED_FORMAT_CONSOLE"):
        if required not in env_names:
            problem(d, f"the environment has no {required}")
    profile = next((c.get("data", {}).get("SPRING_PROFILES_ACTIVE") for c in configmaps.values()), None)
    if profile != "postgres":
        problem(d, f"SPRING_PROFILES_ACTIVE is {profile!r}, not postgres")
    proxies = next((c.get("data", {}).get("SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES") for c in configmaps.values()), "")
    try:
        re.compile(proxies or "")
    except re.error as ex:
        problem(d, f"SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES is not a regular expression: {ex}")

pods = {name: get(d, "spec", "template", "metadata", "labels", default={}) for name, d in deployments.items()}
container_ports = {name: {p.get("name"): p["containerPort"]
                          for c in get(d, "spec", "template", "spec", "containers", default=[])
                          for p in c.get("ports", [])} for name, d in deployments.items()}

for s in services.values():
    targets = [n for n, labels in pods.items() if matches(s["spec"].get("selector"), labels)]
    if not targets:
        problem(s, "selects no Deployment's pods")
    for p in s["spec"]["ports"]:
        if not any(p.get("targetPort") in container_ports[t] or p.get("targetPort") in container_ports[t].values()
                   for t in targets):
            problem(s, f"port {p.get('name')}: target {p.get('targetPort')} is no container port")

for i in named("Ingress").values():
    for rule in i["spec"].get("rules", []):
        for p in get(rule, "http", "paths", default=[]):
            backend = p["backend"]["service"]
            svc = services.get(backend["name"])
            if not svc:
                problem(i, f"no Service {backend['name']}")
            elif not any(sp.get("name") == backend["port"].get("name") or sp["port"] == backend["port"].get("number")
                         for sp in svc["spec"]["ports"]):
                problem(i, f"Service {backend['name']} has no port {backend['port']}")

hpas = named("HorizontalPodAutoscaler")
for h in hpas.values():
    ref = h["spec"]["scaleTargetRef"]
    if ref["kind"] != "Deployment" or ref["name"] not in deployments:
        problem(h, f"scales {ref['kind']}/{ref['name']}, which is not here")
    if not any(get(m, "resource", "name") == "cpu" for m in h["spec"].get("metrics", [])):
        problem(h, "does not scale on CPU")
    if h["spec"].get("minReplicas", 1) > h["spec"]["maxReplicas"]:
        problem(h, "minReplicas above maxReplicas")

for p in named("PodDisruptionBudget").values():
    selected = [n for n, labels in pods.items() if matches(get(p, "spec", "selector", "matchLabels"), labels)]
    if not selected:
        problem(p, "selects no Deployment's pods")
    if p["spec"].get("minAvailable") is not None:
        floor = min((h["spec"].get("minReplicas", 1) for h in hpas.values()), default=1)
        if isinstance(p["spec"]["minAvailable"], int) and p["spec"]["minAvailable"] >= floor:
            problem(p, "minAvailable would block every drain at the fewest replicas")

for m in named("ServiceMonitor").values():
    selected = [s for s in services.values() if matches(get(m, "spec", "selector", "matchLabels"), s["metadata"].get("labels", {}))]
    if not selected:
        problem(m, "selects no Service")
    for e in m["spec"].get("endpoints", []):
        if e.get("path") != "/actuator/prometheus":
            problem(m, f"path {e.get('path')} is not /actuator/prometheus")
        if not any(e.get("port") == sp.get("name") for s in selected for sp in s["spec"]["ports"]):
            problem(m, f"port {e.get('port')} is not a port name of the Service")
        for part in ("username", "password"):
            ref = get(e, "basicAuth", part)
            if not ref or ref["key"] not in secret_values.get(ref["name"], {}):
                problem(m, f"basicAuth {part}: no such secret key")
        username = secret_values.get(get(e, "basicAuth", "username", "name", default=""), {}).get("username")
        if username is not None and username != "prometheus":
            problem(m, "the scrape user must be prometheus")

jwt = next((v["MODELHOST_ACCOUNTS_JWT_SECRET"] for v in secret_values.values() if "MODELHOST_ACCOUNTS_JWT_SECRET" in v), "")
if len(jwt.encode()) < 32:
    problems.append("MODELHOST_ACCOUNTS_JWT_SECRET is shorter than 32 bytes")
scrape = next((v.get("password", "") for v in secret_values.values() if v.get("username") == "prometheus"), "")
if len(scrape) < 16:
    problems.append("the scrape token is shorter than 16 characters")
placeholders = sorted(f"{name}/{key}" for name, values in secret_values.items() for key, value in values.items()
                      if "REPLACE-ME" in value)

kinds = sorted({o["kind"] for o in objects})
if problems:
    print(f"{overlay}: {len(problems)} problem(s)")
    for p in problems:
        print(f"  - {p}")
    sys.exit(1)
print(f"{overlay}: ok ({len(objects)} objects: {', '.join(kinds)})")
if placeholders:
    print(f"{overlay}: placeholder secrets (from the .example files): {', '.join(placeholders)}")
