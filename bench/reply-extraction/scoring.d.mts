export declare const LOOSE_F1: number;
export declare function normalizeWhitespace(text: string): string;
export declare function tokenF1(actual: string, expected: string): number;
export declare function isStrictPass(actual: string, expected: string): boolean;
export declare function isLoosePass(actual: string, expected: string): boolean;
export declare function withoutTrailingSentFrom(text: string): string;
