#!/usr/bin/env node
// node-gyp for this workspace's native addon (better-sqlite3). Plain node-gyp downloads Node's
// C headers from the internet before compiling, which fails on a machine that reaches only the
// npm registry. Node installs ship those headers next to the binary (`<prefix>/include/node`:
// the official tarballs, nvm, Debian's nodejs). When they are there and match the running Node,
// this points node-gyp at them (npm_config_nodedir) and runs it; an explicit nodedir wins, and
// without local headers node-gyp downloads them as usual.
const { existsSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const prefix = dirname(dirname(process.execPath));
const versionHeader = join(prefix, 'include', 'node', 'node_version.h');

function localHeadersVersion() {
  if (!existsSync(versionHeader)) return null;
  const text = readFileSync(versionHeader, 'utf8');
  const part = (name) => text.match(new RegExp(`#define NODE_${name}_VERSION (\\d+)`))?.[1];
  return `v${part('MAJOR')}.${part('MINOR')}.${part('PATCH')}`;
}

if (!process.env.npm_config_nodedir && localHeadersVersion() === process.version) {
  process.env.npm_config_nodedir = prefix;
}
require('node-gyp/bin/node-gyp.js');
