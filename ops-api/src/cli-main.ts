import { runCli } from './cli.js';

/** `npm run qc -- <command>` */
runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
