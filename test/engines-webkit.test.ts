import { describe } from 'vitest';
import { webkit } from '../src/preview/engines/webkit.js';
import { engineSuite } from './helpers/engines.js';

// Slow (a real browser): one session for the whole file, three shots and one audit.
describe('webkit', () => engineSuite(webkit));
