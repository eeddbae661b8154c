// `npm start`: build what is missing, then run the platform in this process.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildApiIfNeeded, buildUiIfNeeded, root } from './build-if-needed.mjs';

buildApiIfNeeded();
process.chdir(root);
buildUiIfNeeded();
await import(pathToFileURL(path.join(root, 'ops-api', 'dist', 'src', 'main.js')).href);
