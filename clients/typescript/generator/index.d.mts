/** What every generated file starts with. */
export declare const GENERATED_HEADER: string;
/** The TypeScript source (openapi-typescript's `paths`, `components`, `operations`) for an OpenAPI document. */
export declare function generateSchemaTypes(document: unknown): Promise<string>;
