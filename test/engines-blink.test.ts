import { describe } from 'vitest';
import { blink } from '../src/preview/engines/blink.js';
import { engineSuite } from './helpers/engines.js';

// Slow (a real browser): one session for the whole file, three shots and one audit.
describe('blink', () => engineSuite(blink));
