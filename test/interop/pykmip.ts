/**
 * PyKMIP (Debian's python3-pykmip 0.10.0) as an independent KMIP implementation in the tests,
 * reusable against any server:
 *
 * - `startPykmipServer()`: PyKMIP's reference server on a free 127.0.0.1 port, with a fresh PKI
 *   from the shared `make_certs.sh`; `stop()` ends it with SIGINT.
 * - `runPykmipClientCheck({ host, port, ca, cert, key, version })`: PyKMIP's client, through the
 *   shared `pykmip_client_check.py`, against any KMIP server; every step's PASS/FAIL/SKIP.
 *
 * Missing PyKMIP or scripts make these throw: interop tests fail loudly, they never skip. CI
 * installs them with `apt-get install -y python3-pykmip openssl`.
 */
export {
  type ClientCheck,
  type ClientCheckOptions,
  type ClientCheckStep,
  runPykmipClientCheck,
} from "./pykmip-check.js";
export { makePykmipCerts, PYTHON, type PykmipPki, pykmipAssetsDir, requirePykmip } from "./pykmip-env.js";
export { type PykmipServer, type PykmipServerOptions, startPykmipServer } from "./pykmip-server.js";
