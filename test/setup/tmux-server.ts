// Each test file gets its own tmux server (a socket under its own TMUX_TMPDIR), so that one file's sessions
// ending — and its server exiting — never races another file starting a session on a shared default server.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

process.env.TMUX_TMPDIR = mkdtempSync(path.join(tmpdir(), 'kt-tmux-'));
