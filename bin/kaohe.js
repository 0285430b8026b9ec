#!/usr/bin/env node
// The `kaohe` command. The server and CLI are TypeScript run through tsx's loader, so there is
// no separate compile step between a clone and a running system.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
