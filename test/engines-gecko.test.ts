import { describe } from 'vitest';
import { gecko } from '../src/preview/engines/gecko.js';
import { engineSuite } from './helpers/engines.js';

// Slow (a real browser): one session for the whole file, three shots and one audit.
describe('gecko', () => engineSuite(gecko));
