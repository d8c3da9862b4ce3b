/** Types of bench/workspace.mjs, for the test that checks the generated issues. */
export declare function generateIssue(i: number): { file: string; source: string };
export declare function generateWorkspace(count: number, opts?: { dir?: string; templates?: Record<string, string> }): string;
