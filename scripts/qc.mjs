// `npm run qc -- <command>`: the operators' command line, on the compiled ops-api.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildApiIfNeeded, root } from './build-if-needed.mjs';

buildApiIfNeeded();
await import(pathToFileURL(path.join(root, 'ops-api', 'dist', 'src', 'cli-main.js')).href);
