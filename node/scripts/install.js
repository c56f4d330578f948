'use strict';
/**
 * npm's `install` step of the botika package: nothing to do when the native addon for this
 * platform is present (a published package ships it); otherwise, in a checkout of the
 * repository, it is built from the Rust source with the napi CLI (release profile). The CLI is
 * the package's devDependency; when npm did not install it (as for `npm install ./node` from
 * another project), the same pinned version is run through `npm exec`.
 *
 * `BOTIKA_BUILD_PROFILE=<cargo profile>` (`dev`, `release`) builds from source with that profile
 * even when an addon is present (cargo rebuilds only what changed): `make test` installs the
 * package this way with the profile its own build used, so the check costs seconds.
 */

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const manifest = path.join(root, '..', 'bindings', 'node', 'Cargo.toml');

/** True when the generated loader finds and loads an addon for this platform. */
function addonLoads() {
  try {
    require(path.join(root, 'native.js'));
    return true;
  } catch {
    return false;
  }
}

/** The command that runs the napi CLI: the installed devDependency, else the pinned version. */
function napiCommand() {
  try {
    const cli = require.resolve('@napi-rs/cli/package.json', { paths: [root] });
    const bin = require(cli).bin;
    return [process.execPath, [path.join(path.dirname(cli), typeof bin === 'string' ? bin : bin.napi)]];
  } catch {
    const version = require(path.join(root, 'package.json')).devDependencies['@napi-rs/cli'];
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    return [npm, ['exec', '--yes', `--package=@napi-rs/cli@${version}`, '--', 'napi']];
  }
}

function main() {
  const profile = process.env.BOTIKA_BUILD_PROFILE || undefined;
  const checkout = fs.existsSync(manifest);
  if ((profile === undefined || !checkout) && addonLoads()) {
    return 0;
  }
  if (!checkout) {
    console.error(`botika: no prebuilt native addon for ${process.platform}-${process.arch}, `
      + 'and no Rust source to build one from (install botika from a checkout of its repository).');
    return 1;
  }
  const [command, prefix] = napiCommand();
  // The napi CLI builds `dev` when given no profile (it looks for `--profile dev`'s output in
  // target/dev, where cargo does not put it).
  const chosen = profile ?? 'release';
  const flags = { dev: [], release: ['--release'] }[chosen] ?? ['--profile', chosen];
  const args = [...prefix, 'build', '--platform', ...flags,
    '--manifest-path', manifest, '--output-dir', root, '--js', 'native.js', '--dts', 'native.d.ts'];
  console.error(`botika: building the native addon from source (cargo, ${chosen} profile)...`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error) {
    console.error(`botika: could not run the napi CLI: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}

process.exitCode = main();
