/**
 * Types for Plainly's HTTP API, generated from its OpenAPI document (/api/openapi.json) by
 * `npm run client:generate` with openapi-typescript. Do not edit: change the route
 * declarations in src/http/routes and generate again. Use with openapi-fetch (see index.ts).
 */

export interface paths {
    "/api/lint": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check a text or a file for plain, respectful language
         * @description Send `text` (positions are 0-based offsets and 1-based lines and columns into it) or `file` (a .docx, .pdf, .html, .txt or .md file, base64-encoded): a file's findings also have `where`, the page, nearest heading and paragraph a person finds them at. A file that cannot be read (a password-protected or damaged Word file, an old .doc, a scanned PDF with no text, a ZIP bomb) gets a problem naming why: 400, 413, 415 or 422.
         *
         *     **Who:** Any role.
         */
        post: operations["lintText"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every template with its published and latest version
         * @description **Who:** Any role.
         */
        get: operations["listTemplates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/templates/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A template: front matter, fields, checks and example data (the published version unless ?version= is given)
         * @description **Who:** Any role.
         */
        get: operations["getTemplate"];
        /**
         * Save a new draft version (creating the template if it is new)
         * @description Every save is a new version, so nothing is ever overwritten. The response says whether this version could be published (`check`); a draft that does not compile yet is still saved.
         *
         *     **Who:** Roles: policy, admin.
         */
        put: operations["saveTemplateDraft"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/templates/{id}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every version of a template, newest first
         * @description **Who:** Any role.
         */
        get: operations["listTemplateVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/templates/{id}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One version with its source and whether it could be published
         * @description **Who:** Any role.
         */
        get: operations["getTemplateVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/templates/{id}/versions/{version}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Publish a version: final documents use it from now on
         * @description Names the version it replaces: If-Match is the ETag of GET /api/templates/:id (or `*` for whatever is published now); missing is 428, and 412 when someone published another version since (nothing changes). Refused (422) when the version does not compile or an example fails its fields (TEMPLATE_INVALID, with every problem in `errors`), or when the check finds an error in any branch: with its example, its named examples, examples made for each side of every {{#if}}/{{#unless}}/{{#each}}, or in the source and partials (BLOCKED_BY_FINDINGS, with the `findings`, each naming its `branch` and its line in the template file). The same check as a version's `check`.
         *
         *     **Who:** Roles: policy, admin.
         */
        post: operations["publishTemplateVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/templates/{id}/versions/{a}/compare/{b}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Old versus new: a text diff of two versions, and the findings and readability of each with its example data
         * @description **Who:** Any role.
         */
        get: operations["compareTemplateVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/templates/{id}/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check data against a template without rendering: every bad field, then the findings
         * @description Uses the published version, or with `version` any saved version.
         *
         *     **Who:** Roles: finance, policy, admin.
         */
        post: operations["checkTemplateData"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/templates/{id}/render": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Render a document (PDF, HTML or plain text); a final document is recorded
         * @description A final document uses the published version and is refused (422 BLOCKED_BY_FINDINGS, with `findings`) when lint finds an error; it is recorded and its id is in the `X-Document-Id` header. A draft renders whatever the findings, marked DRAFT, and is not recorded. Bad data is 422 DATA_INVALID with every bad field in `errors`.
         *
         *     **Who:** Roles: finance, policy, admin.
         */
        post: operations["renderDocument"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Recorded documents, newest first (without their data)
         * @description `?reference=` finds the letters with that reference, ignoring capital letters ("dp-004217" finds "DP-004217"); documents whose data was erased under retention are not found by reference.
         *
         *     **Who:** Roles: finance, admin.
         */
        get: operations["listDocuments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The record of a document: who, when, template and lexicon versions, data, findings summary, checksums
         * @description **Who:** Roles: finance, admin.
         */
        get: operations["getDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents/{id}/pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The document as PDF, made again from its record and checked against its sha256
         * @description Every final document has its PDF checksum recorded.
         *
         *     **Who:** Roles: finance, admin.
         */
        get: operations["getDocumentPdf"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents/{id}/html": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The document as HTML, made again from its record and checked against its sha256
         * @description Only for documents that were rendered as html.
         *
         *     **Who:** Roles: finance, admin.
         */
        get: operations["getDocumentHtml"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents/{id}/text": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The document as plain text, made again from its record and checked against its sha256
         * @description Only for documents that were rendered as text.
         *
         *     **Who:** Roles: finance, admin.
         */
        get: operations["getDocumentText"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/batches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a batch of letters from a spreadsheet
         * @description Send `multipart/form-data` with a CSV or XLSX file in `file`, the `templateId`, and optionally `mapping` (JSON: heading → field path) and `alreadySent`; or JSON `{templateId, rows: [data, …], alreadySent?}`. Every row is checked before anything renders. Returns 202 with the batch id; the same input with the same `Idempotency-Key` returns the first batch. When some rows have a reference this letter was already sent to (the document log) and `alreadySent` is not given, the answer is 409 listing how many and the first 10 (`alreadySent.listed`); send `alreadySent: "skip"` or `"make-again"`.
         *
         *     **Who:** Roles: finance, admin.
         */
        post: operations["startBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/batches/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A batch: status, totals, progress and row problems
         * @description **Who:** Roles: finance, admin.
         */
        get: operations["getBatch"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/batches/{id}/problems": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every row problem of a batch, as CSV (row, column, field, problem)
         * @description **Who:** Roles: finance, admin.
         */
        get: operations["getBatchProblems"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/batches/{id}/output": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A finished batch's letters: a ZIP of PDFs named by reference, with manifest.csv
         * @description `?format=print` gives one print-ready PDF instead: every letter in row order, each starting on an odd page for duplex printing.
         *
         *     **Who:** Roles: finance, admin.
         */
        get: operations["getBatchOutput"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/lexicon": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The approved lexicon (what lint uses), with its version
         * @description Send If-None-Match with the ETag to get 304 when nothing changed.
         *
         *     **Who:** Any role.
         */
        get: operations["getLexicon"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/lexicon/entries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every entry with its status, approved content and any change waiting for approval
         * @description **Who:** Any role.
         */
        get: operations["listLexiconEntries"];
        put?: never;
        /**
         * Propose a new entry (status proposed)
         * @description Body: `{entry, comment?}` or the bare entry in the file format. The entry is checked against the file format at once; its own examples are run and reported (`selfTest`) and must pass before it can be approved.
         *
         *     **Who:** Roles: coproduction, approver, admin.
         */
        post: operations["proposeLexiconEntry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/lexicon/entries/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One entry (its ETag is what a change must send in If-Match)
         * @description **Who:** Any role.
         */
        get: operations["getLexiconEntry"];
        /**
         * Propose a change to an entry (the approved content stays in use until approved)
         * @description **Who:** Roles: coproduction, approver, admin.
         */
        put: operations["proposeLexiconEntryChange"];
        post?: never;
        /**
         * Retire an entry directly (approvers): lint stops using it (the lexicon version goes up if it was approved)
         * @description **Who:** Roles: approver, admin.
         */
        delete: operations["retireLexiconEntry"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/lexicon/entries/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve what is proposed: new content (its own examples must pass) or a retirement; the lexicon version goes up
         * @description **Who:** Roles: approver, admin.
         */
        post: operations["approveLexiconEntry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/lexicon/entries/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reject the proposed content, saying why
         * @description **Who:** Roles: approver, admin.
         */
        post: operations["rejectLexiconEntry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/lexicon/entries/{id}/propose-retirement": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Propose retiring an entry, saying why; an approver approves (it is retired) or rejects (it stays in use)
         * @description Lint keeps using the entry until an approver decides. Replaces any change waiting for a decision (the If-Match shows you saw it).
         *
         *     **Who:** Roles: coproduction, approver, admin.
         */
        post: operations["proposeLexiconEntryRetirement"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/lexicon/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every step of every entry: who, when, why, and the content at each step
         * @description **Who:** Any role.
         */
        get: operations["getLexiconHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/lexicon/validate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check an entry against the file format and run its own examples, without saving
         * @description **Who:** Any role.
         */
        post: operations["validateLexiconEntry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/lexicon/impact": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Before anyone approves: which published templates (with their example data) would gain or lose findings
         * @description Send a proposed entry (`{entry}` or the bare entry) to see what approving it would change, or `{retire: id}` to see what retiring an entry would change. Nothing is saved.
         *
         *     **Who:** Any role.
         */
        post: operations["analyseLexiconImpact"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/lexicon/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The approved lexicon as a file: YAML (the file format) or CSV (for spreadsheets)
         * @description **Who:** Any role.
         */
        get: operations["exportLexicon"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/lexicon/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import a YAML or CSV lexicon file as approved entries (all or nothing)
         * @description Every entry is validated and its own examples run; any problem refuses the whole file. Entries that are identical to the approved ones are left alone. With `retireMissing=true`, approved entries not in the file are retired, so importing an export gives back exactly the same lexicon. `If-Match` is the ETag of the export the file came from: if the lexicon has changed since, the import is refused (412) rather than undo those changes; `If-Match: *` replaces the lexicon whatever it is now.
         *
         *     **Who:** Roles: approver, admin.
         */
        post: operations["importLexicon"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/lexicon/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The approved entries at a past lexicon version
         * @description **Who:** Any role.
         */
        get: operations["getLexiconVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who the token or session belongs to, and its role
         * @description **Who:** Any role.
         */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change your own password (people signed in to the web pages; clears mustChangePassword)
         * @description Your other sessions end; the one that sent this stays signed in. API tokens have no password (409). A wrong current password is 422 naming `currentPassword`.
         *
         *     **Who:** Any role.
         */
        post: operations["changeMyPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every API token (never the secrets)
         * @description **Who:** Roles: admin.
         */
        get: operations["listTokens"];
        put?: never;
        /**
         * Create an API token; the token is in this response only
         * @description **Who:** Roles: admin.
         */
        post: operations["createToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke a token; it stops working at once
         * @description **Who:** Roles: admin.
         */
        delete: operations["revokeToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every user
         * @description **Who:** Roles: admin.
         */
        get: operations["listUsers"];
        put?: never;
        /**
         * Create a user for the web pages
         * @description **Who:** Roles: admin.
         */
        post: operations["createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a user's name, role or password, or disable them (a new password or disabling ends their sessions)
         * @description **Who:** Roles: admin.
         */
        patch: operations["updateUser"];
        trace?: never;
    };
    "/api/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The audit log: who did what, to what, when (newest first)
         * @description **Who:** Roles: admin.
         */
        get: operations["listAuditEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        LintResult: {
            findings: components["schemas"]["LintFinding"][];
            summary: components["schemas"]["FindingSummary"];
            readability: components["schemas"]["Readability"];
            notApplied: string[];
            lexiconVersion: number;
            /** @description Files only: how the file was read. */
            document?: {
                name: string;
                /** @enum {string} */
                format: "text" | "markdown" | "template" | "docx" | "pdf" | "html";
                words: number;
                /** @description How the file was read, e.g. that only the accepted text of a Word file with tracked changes was checked. */
                notes: string[];
            };
        };
        LintFinding: {
            /** @example lexicon/misspent */
            ruleId: string;
            source: string;
            /** @enum {string} */
            severity: "error" | "warning" | "suggestion";
            reason: string;
            actual: string;
            expected: string[];
            start: components["schemas"]["Position"];
            end: components["schemas"]["Position"];
            origin?: {
                /** @enum {string} */
                kind: "template";
                file: string;
                line: number;
                column: number;
            } | {
                /** @enum {string} */
                kind: "data";
                path: string;
            };
            where?: components["schemas"]["FindingWhere"];
        };
        Position: {
            line: number;
            column: number;
            offset: number;
        };
        /** @description Files only: where a person finds the finding. */
        FindingWhere: {
            /** @description PDF only: Word and HTML files have no pages. */
            page?: number;
            /** @description Counted from the nearest heading before it (in a PDF, from the top of the page when that heading is on an earlier page). */
            paragraph?: number;
            heading?: string;
            inHeading?: boolean;
            /** @description Text and Markdown: the line; HTML: the source line where the paragraph starts. */
            line?: number;
            column?: number;
            /** @description All of it in words: "page 2, under ‘What happens next’, paragraph 3". */
            text: string;
        };
        FindingSummary: {
            error: number;
            warning: number;
            suggestion: number;
            total: number;
        };
        Readability: {
            words: number;
            sentences: number;
            averageSentenceLength: number;
            fleschReadingEase: number;
            grade: number;
            targetAge: number;
            readingAge: number;
        };
        Problem: {
            type: string;
            title: string;
            status: number;
            /** @enum {string} */
            code: "USAGE" | "BAD_REQUEST" | "VALIDATION_FAILED" | "INPUT_UNREADABLE" | "INPUT_TOO_LARGE" | "INPUT_LIMIT_EXCEEDED" | "LEXICON_INVALID" | "LEXICON_EXAMPLES_FAILED" | "TEMPLATE_INVALID" | "TEMPLATE_NOT_FOUND" | "DATA_INVALID" | "BLOCKED_BY_FINDINGS" | "RENDER_FAILED" | "NOT_FOUND" | "UNAUTHENTICATED" | "FORBIDDEN" | "CONFLICT" | "PRECONDITION_FAILED" | "PRECONDITION_REQUIRED" | "UNSUPPORTED_MEDIA_TYPE" | "RATE_LIMITED" | "INTEGRITY_FAILED" | "DOCUMENT_ERASED" | "NOT_READY" | "BUSY" | "CONFIG_INVALID" | "INTERNAL";
            detail: string;
            /** @description The request id. */
            instance?: string;
            errors?: {
                path: string;
                message: string;
            }[];
            findings?: components["schemas"]["Finding"][];
        } & {
            [key: string]: unknown;
        };
        Finding: {
            /** @example lexicon/misspent */
            ruleId: string;
            source: string;
            /** @enum {string} */
            severity: "error" | "warning" | "suggestion";
            reason: string;
            actual: string;
            expected: string[];
            start: components["schemas"]["Position"];
            end: components["schemas"]["Position"];
            origin?: {
                /** @enum {string} */
                kind: "template";
                file: string;
                line: number;
                column: number;
            } | {
                /** @enum {string} */
                kind: "data";
                path: string;
            };
        };
        /** @description Either `text` (with `format`) or `file`. */
        LintRequest: {
            text?: string;
            file?: components["schemas"]["LintFile"];
            /**
             * @description How `text` is read (a file is read by its extension).
             * @default text
             * @enum {string}
             */
            format?: "text" | "markdown" | "template";
            /**
             * @default standard
             * @enum {string}
             */
            profile?: "standard" | "easy-read";
            /**
             * @description Lexicon entries scoped to other kinds are skipped. Default: every entry applies.
             * @enum {string}
             */
            kind?: "letter" | "agreement" | "guide" | "leaflet" | "form";
            /** @default en */
            lang?: string;
        };
        /** @description A file to check: its name (the extension says how it is read) and its bytes in base64. At most the upload limit (PLAINLY_UPLOAD_LIMIT_BYTES, 10 MB by default) and 200,000 characters of text. */
        LintFile: {
            name: string;
            content: string;
        };
        TemplateSummary: {
            id: string;
            title: string | null;
            kind: string | null;
            profile: string | null;
            layout: string | null;
            lang: string | null;
            description: string | null;
            publishedVersion: number | null;
            latestVersion: number;
            updatedAt: string;
        };
        Template: {
            id: string;
            version: number;
            /** @enum {string} */
            status: "draft" | "published" | "superseded";
            title: string;
            kind: string;
            profile: string;
            layout: string;
            lang: string;
            description: string | null;
            fields: {
                [key: string]: unknown;
            };
            checks: unknown[];
            example: {
                [key: string]: unknown;
            };
            /** @description Named examples (front matter `examples:`), each merged over `example`. */
            examples: {
                [key: string]: {
                    [key: string]: unknown;
                };
            };
            publishedVersion: number | null;
            latestVersion: number;
        };
        TemplateVersionCheck: {
            /** @description True when the version could be published: it compiles, its examples pass, no error finding in any branch. */
            ok: boolean;
            /** @description Why it does not compile or an example fails (a Problem), when it does not. */
            problem?: unknown;
            /** @description From every example (its own, its named examples, one for each side of each {{#if}}/{{#unless}}/{{#each}}) and from the source and partials; start/end are positions in the template file (origin.file). */
            findings?: components["schemas"]["TemplateFinding"][];
            summary?: components["schemas"]["FindingSummary"];
            /** @description Of the document made with its own example. */
            readability?: {
                words: number;
                sentences: number;
                averageSentenceLength: number;
                fleschReadingEase: number;
                grade: number;
                targetAge: number;
                readingAge: number;
            };
            pages?: number;
            /** @description Each example checked, and why a generated one was not used. */
            examples?: {
                name: string;
                label: string;
                generated: boolean;
                summary?: components["schemas"]["FindingSummary"];
                pages?: number;
                skipped?: string;
            }[];
            /** @description Sides of blocks no example takes; their words were checked in the source only. */
            unreached?: string[];
        };
        TemplateFinding: {
            /** @example lexicon/misspent */
            ruleId: string;
            source: string;
            /** @enum {string} */
            severity: "error" | "warning" | "suggestion";
            reason: string;
            actual: string;
            expected: string[];
            start: components["schemas"]["Position"];
            end: components["schemas"]["Position"];
            origin?: {
                /** @enum {string} */
                kind: "template";
                file: string;
                line: number;
                column: number;
            } | {
                /** @enum {string} */
                kind: "data";
                path: string;
            };
            /**
             * @description The side of a block the words are in, e.g. "when prepaidCard is true"; absent when they are always sent.
             * @example when prepaidCard is true
             */
            branch?: string;
            /** @description The example that showed it: `example`, a named example, or one made for a branch (e.g. `prepaidCard: true`); absent when only the check of the source found it. */
            example?: string;
        };
        TemplateVersion: {
            templateId: string;
            version: number;
            /** @enum {string} */
            status: "draft" | "published" | "superseded";
            comment: string;
            createdAt: string;
            createdBy: string;
            publishedAt: string | null;
            publishedBy: string | null;
        };
        RenderRequest: {
            /** @description The data, as the template fields describe it. */
            data?: unknown;
            /** @enum {string} */
            format: "pdf" | "html" | "text";
            /**
             * @description A draft renders whatever the findings, marked DRAFT, and is not recorded.
             * @default false
             */
            draft?: boolean;
            /** @description Drafts only: render this saved version (default: the latest). Final documents always use the published version. */
            version?: number;
        };
        DocumentRecord: {
            id: string;
            templateId: string;
            templateVersion: number;
            lexiconVersion: number;
            /** @enum {string} */
            format: "pdf" | "html" | "text";
            createdAt: string;
            createdBy: {
                kind: string;
                id: string;
                name: string;
            };
            /** @description The data, or null once erased after the retention period. */
            data?: unknown;
            dataSha256: string;
            findingsSummary: components["schemas"]["FindingSummary"];
            outputs: {
                [key: string]: {
                    sha256: string;
                    bytes: number;
                };
            };
            erasedAt: string | null;
            batchId: string | null;
        };
        BatchAccepted: {
            id: string;
            status: string;
            replayed: boolean;
            statusUrl: string;
            outputUrl: string;
        };
        Batch: {
            id: string;
            templateId: string;
            templateVersion: number;
            lexiconVersion: number;
            /** @enum {string} */
            status: "validating" | "running" | "done" | "failed";
            fileName: string;
            createdAt: string;
            updatedAt: string;
            totals: {
                total: number;
                produced: number;
                heldBack: number;
                invalid: number;
                pending: number;
                /** @description Rows not made because their reference was already sent (alreadySent: "skip") */
                skipped: number;
            };
            progress: {
                done: number;
                total: number;
                percent: number;
            };
            summary: string[];
            notes: string[];
            /** @description The first 1,000 problems of the batch, in row order */
            problems: {
                row: number;
                column: string;
                field: string;
                message: string;
            }[];
            /** @description Every problem found, listed or not */
            problemsTotal: number;
            /** @description Problems past the first 1,000: counted in `summary`, not listed or stored (`notes` says so) */
            problemsNotListed: number;
            heldBack: {
                row: number;
                reference: string | null;
                reason: string | null;
            }[];
            /** @description The first 1,000 skipped rows, each "skipped: already sent on <date>" */
            skipped: {
                row: number;
                reference: string | null;
                reason: string | null;
            }[];
            error: string | null;
        };
        /** @description An entry in the lexicon file format (DESIGN.md). */
        LexiconEntry: {
            id: string;
            terms?: string[];
            pattern?: string;
            replace: string[];
            /** @enum {string} */
            severity: "error" | "warning" | "suggestion";
            reason: string;
            kinds?: ("letter" | "agreement" | "guide" | "leaflet" | "form")[];
            profiles?: ("standard" | "easy-read")[];
            unless?: string[];
            explained?: string[];
            once?: boolean;
            exact?: boolean;
            examples: {
                flag: string[];
                pass: string[];
            };
        };
        LexiconEntryRecord: {
            id: string;
            /** @enum {string} */
            status: "proposed" | "approved" | "retired" | "rejected";
            revision: number;
            etag: string;
            approved: components["schemas"]["LexiconEntry"] & (Record<string, never> | null);
            pending: components["schemas"]["LexiconEntry"] & (Record<string, never> | null);
            /** @description Someone proposed retiring the entry; an approver decides (approve retires it, reject keeps it). */
            pendingRetirement: boolean;
            createdAt: string;
            updatedAt: string;
        };
        LexiconSelfTest: {
            passed: boolean;
            failures: {
                /** @enum {string} */
                expectation: "flag" | "pass";
                example: string;
                message: string;
            }[];
        };
        LexiconRevision: {
            entryId: string;
            revision: number;
            /** @enum {string} */
            action: "propose" | "change" | "propose-retire" | "approve" | "reject" | "retire" | "import";
            content: components["schemas"]["LexiconEntry"] & (Record<string, never> | null);
            actor: {
                id: string;
                name: string;
                role: string;
            };
            reason: string;
            at: string;
            lexiconVersion: number | null;
        };
        /** @enum {string} */
        Role: "admin" | "policy" | "finance" | "coproduction" | "approver" | "viewer";
        User: {
            id: string;
            username: string;
            displayName: string;
            role: components["schemas"]["Role"];
            createdAt: string;
            updatedAt: string;
            disabled: boolean;
            /** @description The web pages ask for a new password at the next sign-in (the first start’s admin user, or when an admin set it). */
            mustChangePassword: boolean;
        };
        ApiToken: {
            id: string;
            name: string;
            role: components["schemas"]["Role"];
            createdAt: string;
            createdBy: string;
            lastUsedAt: string | null;
            revoked: boolean;
            revokedAt: string | null;
        };
        AuditEvent: {
            id: number;
            at: string;
            actor: {
                kind: string;
                id: string;
                name: string;
                role: string;
            };
            action: string;
            target: {
                type: string;
                id: string;
            };
            detail: {
                [key: string]: unknown;
            };
            requestId: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    lintText: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LintRequest"];
            };
        };
        responses: {
            /** @description Findings, their summary and readability */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LintResult"];
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a type this route accepts */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTemplates: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Templates by id */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        templates: components["schemas"]["TemplateSummary"][];
                    };
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTemplate: {
        parameters: {
            query?: {
                version?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The template */
            200: {
                headers: {
                    /** @description Names the published and latest versions; send it in If-Match to publish */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Template"];
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such template or version */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    saveTemplateDraft: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The whole template file: front matter and body. */
                    source: string;
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description Saved as a draft */
            201: {
                headers: {
                    /** @description The new version */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        templateId: string;
                        version: number;
                        /** @enum {string} */
                        status: "draft" | "published" | "superseded";
                        comment: string;
                        createdAt: string;
                        createdBy: string;
                        publishedAt: string | null;
                        publishedBy: string | null;
                        check: components["schemas"]["TemplateVersionCheck"];
                    };
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a type this route accepts */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTemplateVersions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Versions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        versions: components["schemas"]["TemplateVersion"][];
                    };
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTemplateVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The version */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        templateId: string;
                        version: number;
                        /** @enum {string} */
                        status: "draft" | "published" | "superseded";
                        comment: string;
                        createdAt: string;
                        createdBy: string;
                        publishedAt: string | null;
                        publishedBy: string | null;
                        source: string;
                        check: components["schemas"]["TemplateVersionCheck"];
                    };
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    publishTemplateVersion: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag you last read. Missing: 428; stale: 412. */
                "if-match"?: string;
            };
            path: {
                id: string;
                version: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description Published */
            200: {
                headers: {
                    /** @description The template’s new ETag */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        templateId: string;
                        version: number;
                        /** @enum {string} */
                        status: "draft" | "published" | "superseded";
                        comment: string;
                        createdAt: string;
                        createdBy: string;
                        publishedAt: string | null;
                        publishedBy: string | null;
                        findings: components["schemas"]["TemplateFinding"][];
                        summary: components["schemas"]["FindingSummary"];
                        replaced: number | null;
                    };
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Someone published another version since the ETag was read; nothing changed */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a type this route accepts */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    compareTemplateVersions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                a: number;
                b: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The comparison */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        templateId: string;
                        a: {
                            templateId: string;
                            version: number;
                            /** @enum {string} */
                            status: "draft" | "published" | "superseded";
                            comment: string;
                            createdAt: string;
                            createdBy: string;
                            publishedAt: string | null;
                            publishedBy: string | null;
                            check: components["schemas"]["TemplateVersionCheck"];
                        };
                        b: {
                            templateId: string;
                            version: number;
                            /** @enum {string} */
                            status: "draft" | "published" | "superseded";
                            comment: string;
                            createdAt: string;
                            createdBy: string;
                            publishedAt: string | null;
                            publishedBy: string | null;
                            check: components["schemas"]["TemplateVersionCheck"];
                        };
                        diff: {
                            /** @description A unified diff of the two sources. */
                            unified: string;
                            added: number;
                            removed: number;
                            changes: {
                                /** @enum {string} */
                                kind: "same" | "added" | "removed";
                                text: string;
                            }[];
                        };
                    };
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    checkTemplateData: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The data, as the template fields describe it. */
                    data?: unknown;
                    version?: number;
                };
            };
        };
        responses: {
            /** @description The findings for the filled document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        templateId: string;
                        version: number;
                        lexiconVersion: number;
                        /** @description The filled Markdown that was checked; positions index into it. */
                        text: string;
                        findings: components["schemas"]["Finding"][];
                        summary: components["schemas"]["FindingSummary"];
                        readability: components["schemas"]["Readability"];
                        /** @description Rules not applied because they work only in English (templates in another language) */
                        notApplied: string[];
                    };
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a type this route accepts */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The data does not fit the template (every bad field in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    renderDocument: {
        parameters: {
            query?: never;
            header?: {
                /** @description Send the same key again (with the same request) to get the same document back instead of a second one. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RenderRequest"];
            };
        };
        responses: {
            /** @description The document */
            200: {
                headers: {
                    /** @description The recorded document (final documents only) */
                    "X-Document-Id"?: string;
                    /** @description The template version used */
                    "X-Template-Version"?: string;
                    /** @description The lexicon version it was checked against */
                    "X-Lexicon-Version"?: string;
                    /** @description Counts of findings by severity */
                    "X-Findings"?: string;
                    /** @description Rules that were not applied because they work only in English (documents in another language, e.g. `cy`), comma-separated */
                    "X-Not-Applied"?: string;
                    /** @description "true" when an earlier request with the same Idempotency-Key made this document */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": string;
                    "text/html": string;
                    "text/plain": string;
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key was used for a different request, or the template has no published version */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a type this route accepts */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad data (errors), blocked by findings (findings), or a draft version that does not compile */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listDocuments: {
        parameters: {
            query?: {
                templateId?: string;
                batchId?: string;
                reference?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Documents */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        documents: {
                            id: string;
                            templateId: string;
                            templateVersion: number;
                            lexiconVersion: number;
                            /** @enum {string} */
                            format: "pdf" | "html" | "text";
                            createdAt: string;
                            createdBy: {
                                kind: string;
                                id: string;
                                name: string;
                            };
                            dataSha256: string;
                            findingsSummary: components["schemas"]["FindingSummary"];
                            outputs: {
                                [key: string]: {
                                    sha256: string;
                                    bytes: number;
                                };
                            };
                            erasedAt: string | null;
                            batchId: string | null;
                        }[];
                    };
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getDocument: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The record */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DocumentRecord"];
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getDocumentPdf: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The same bytes as when it was made */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": string;
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such document, or not recorded in this format */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Its personal data was erased under the retention policy */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description INTEGRITY_FAILED: it would come out different from what was recorded */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getDocumentHtml: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The same bytes as when it was made */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such document, or not recorded in this format */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Its personal data was erased under the retention policy */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description INTEGRITY_FAILED: it would come out different from what was recorded */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getDocumentText: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The same bytes as when it was made */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such document, or not recorded in this format */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Its personal data was erased under the retention policy */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description INTEGRITY_FAILED: it would come out different from what was recorded */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    startBatch: {
        parameters: {
            query?: never;
            header?: {
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The batch is accepted and runs in the background */
            202: {
                headers: {
                    /** @description The batch status URL */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchAccepted"];
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key was used for a different batch, or some references were already sent and `alreadySent` was not given (`alreadySent`: how many, the first few, when) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The file is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Neither multipart/form-data nor JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The request is not right (every problem named), or the spreadsheet unpacks to more than Plainly reads, or rows nest too deeply (INPUT_LIMIT_EXCEEDED, naming the limit) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getBatch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The batch */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Batch"];
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such batch */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getBatchProblems: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The problems, Excel-safe CSV */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such batch */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getBatchOutput: {
        parameters: {
            query?: {
                format?: "zip" | "print";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The ZIP (or, with ?format=print, the print PDF) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/zip": string;
                    "application/pdf": string;
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such batch */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The batch is still running, or failed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLexicon: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The approved entries */
            200: {
                headers: {
                    /** @description The lexicon version as an ETag */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        version: number;
                        entries: components["schemas"]["LexiconEntry"][];
                    };
                };
            };
            /** @description Not changed since the ETag you sent */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listLexiconEntries: {
        parameters: {
            query?: {
                status?: "proposed" | "approved" | "retired" | "rejected";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Entries by id */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        entries: components["schemas"]["LexiconEntryRecord"][];
                    };
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    proposeLexiconEntry: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    entry: components["schemas"]["LexiconEntry"];
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description Proposed */
            201: {
                headers: {
                    /** @description The new entry ETag */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        status: "proposed" | "approved" | "retired" | "rejected";
                        revision: number;
                        etag: string;
                        approved: components["schemas"]["LexiconEntry"] & (Record<string, never> | null);
                        pending: components["schemas"]["LexiconEntry"] & (Record<string, never> | null);
                        /** @description Someone proposed retiring the entry; an approver decides (approve retires it, reject keeps it). */
                        pendingRetirement: boolean;
                        createdAt: string;
                        updatedAt: string;
                        selfTest: components["schemas"]["LexiconSelfTest"];
                    };
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a type this route accepts */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLexiconEntry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The entry */
            200: {
                headers: {
                    /** @description Send in If-Match to change the entry */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LexiconEntryRecord"];
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    proposeLexiconEntryChange: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag you last read. Missing: 428; stale: 412. */
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    entry: components["schemas"]["LexiconEntry"];
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description Change proposed */
            200: {
                headers: {
                    /** @description The new ETag */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        status: "proposed" | "approved" | "retired" | "rejected";
                        revision: number;
                        etag: string;
                        approved: components["schemas"]["LexiconEntry"] & (Record<string, never> | null);
                        pending: components["schemas"]["LexiconEntry"] & (Record<string, never> | null);
                        /** @description Someone proposed retiring the entry; an approver decides (approve retires it, reject keeps it). */
                        pendingRetirement: boolean;
                        createdAt: string;
                        updatedAt: string;
                        selfTest: components["schemas"]["LexiconSelfTest"];
                    };
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Stale If-Match: someone changed the entry since you read it; nothing was written */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a type this route accepts */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    retireLexiconEntry: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag you last read. Missing: 428; stale: 412. */
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description Retired */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        status: "proposed" | "approved" | "retired" | "rejected";
                        revision: number;
                        etag: string;
                        approved: components["schemas"]["LexiconEntry"] & (Record<string, never> | null);
                        pending: components["schemas"]["LexiconEntry"] & (Record<string, never> | null);
                        /** @description Someone proposed retiring the entry; an approver decides (approve retires it, reject keeps it). */
                        pendingRetirement: boolean;
                        createdAt: string;
                        updatedAt: string;
                        lexiconVersion: number | null;
                    };
                };
            };
            /** @description Your approval to retire it is recorded and waits for a second approver (PLAINLY_LEXICON_TWO_APPROVALS) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description You proposed retiring it yourself, or you already gave the first approval */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Already retired */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Stale If-Match: someone changed the entry since you read it; nothing was written */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a type this route accepts */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    approveLexiconEntry: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag you last read. Missing: 428; stale: 412. */
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description Approved */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        status: "proposed" | "approved" | "retired" | "rejected";
                        revision: number;
                        etag: string;
                        approved: components["schemas"]["LexiconEntry"] & (Record<string, never> | null);
                        pending: components["schemas"]["LexiconEntry"] & (Record<string, never> | null);
                        /** @description Someone proposed retiring the entry; an approver decides (approve retires it, reject keeps it). */
                        pendingRetirement: boolean;
                        createdAt: string;
                        updatedAt: string;
                        lexiconVersion: number;
                    };
                };
            };
            /** @description Your approval is recorded and waits for a second approver (PLAINLY_LEXICON_TWO_APPROVALS: error-level entries and retirements need two people) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description You proposed this yourself (nobody approves their own suggestion), or you already gave the first approval */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing is waiting for approval */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Stale If-Match: someone changed the entry since you read it; nothing was written */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a type this route accepts */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The entry's own examples fail */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rejectLexiconEntry: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag you last read. Missing: 428; stale: 412. */
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    comment: string;
                };
            };
        };
        responses: {
            /** @description Rejected */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LexiconEntryRecord"];
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Nothing is waiting for approval */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Stale If-Match: someone changed the entry since you read it; nothing was written */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a type this route accepts */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    proposeLexiconEntryRetirement: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag you last read. Missing: 428; stale: 412. */
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Why it should no longer be used. */
                    comment: string;
                };
            };
        };
        responses: {
            /** @description Retirement proposed */
            200: {
                headers: {
                    /** @description The new ETag */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LexiconEntryRecord"];
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The entry is not in use (proposed, rejected or already retired) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Stale If-Match: someone changed the entry since you read it; nothing was written */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a type this route accepts */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLexiconHistory: {
        parameters: {
            query?: {
                entry?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        history: components["schemas"]["LexiconRevision"][];
                    };
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    validateLexiconEntry: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    entry: components["schemas"]["LexiconEntry"];
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description The self-test result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        entry: components["schemas"]["LexiconEntry"];
                        selfTest: components["schemas"]["LexiconSelfTest"];
                    };
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a type this route accepts */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    analyseLexiconImpact: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    entry?: components["schemas"]["LexiconEntry"];
                    retire?: string;
                };
            };
        };
        responses: {
            /** @description Templates whose findings would change, with what is gained and lost */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        lexiconVersion: number;
                        change: {
                            /** @enum {string} */
                            kind: "approve" | "retire";
                            id: string;
                        };
                        templates: {
                            id: string;
                            title: string;
                            version: number;
                            before: components["schemas"]["FindingSummary"];
                            after: components["schemas"]["FindingSummary"];
                            gained: {
                                ruleId: string;
                                /** @enum {string} */
                                severity: "error" | "warning" | "suggestion";
                                actual: string;
                                line: number;
                                column: number;
                            }[];
                            lost: {
                                ruleId: string;
                                /** @enum {string} */
                                severity: "error" | "warning" | "suggestion";
                                actual: string;
                                line: number;
                                column: number;
                            }[];
                            gainedBySeverity: components["schemas"]["FindingSummary"];
                            lostBySeverity: components["schemas"]["FindingSummary"];
                            /**
                             * @description The most severe gained finding, or null when only findings would be lost.
                             * @enum {string|null}
                             */
                            worst: "error" | "warning" | "suggestion" | null;
                        }[];
                        /** @description Published templates that would not change. */
                        unaffected: string[];
                        /** @description True when a published template would gain an error finding, so it could not be sent until someone changes it. */
                        blocking: boolean;
                    };
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a type this route accepts */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    exportLexicon: {
        parameters: {
            query?: {
                format?: "yaml" | "csv";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file */
            200: {
                headers: {
                    /** @description The lexicon version */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/yaml": string;
                    "text/csv": string;
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    importLexicon: {
        parameters: {
            query?: {
                retireMissing?: "0" | "1" | "true" | "false";
                comment?: string;
            };
            header?: {
                /** @description The ETag of the export the file came from ("lexicon-7-csv"), or * */
                "if-match"?: string;
            };
            path?: never;
            cookie?: never;
        };
        /** @description A lexicon file */
        requestBody: {
            content: {
                "application/yaml": string;
                "application/x-yaml": string;
                "text/yaml": string;
                "text/csv": string;
            };
        };
        responses: {
            /** @description What changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        lexiconVersion: number;
                        created: string[];
                        updated: string[];
                        retired: string[];
                        unchanged: string[];
                    };
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The lexicon changed after the file was exported (or If-Match is not a lexicon ETag) */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a type this route accepts */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No If-Match header */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLexiconVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The snapshot */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        version: number;
                        entries: components["schemas"]["LexiconEntry"][];
                    };
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        kind: "token" | "user";
                        id: string;
                        name: string;
                        role: components["schemas"]["Role"];
                        /** @description Users only: true when they should choose a new password (POST /api/me/password). */
                        mustChangePassword?: boolean;
                    };
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    changeMyPassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    currentPassword: string;
                    newPassword: string;
                };
            };
        };
        responses: {
            /** @description Changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller is an API token, which has no password */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a type this route accepts */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Tokens, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        tokens: components["schemas"]["ApiToken"][];
                    };
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    role: components["schemas"]["Role"];
                };
            };
        };
        responses: {
            /** @description Created. Store the token now: it is not shown again. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        name: string;
                        role: components["schemas"]["Role"];
                        createdAt: string;
                        createdBy: string;
                        lastUsedAt: string | null;
                        revoked: boolean;
                        revokedAt: string | null;
                        token: string;
                    };
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a type this route accepts */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiToken"];
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Users by username */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        users: components["schemas"]["User"][];
                    };
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    username: string;
                    displayName: string;
                    role: components["schemas"]["Role"];
                    password: string;
                    /**
                     * @description Ask them to choose their own password at the first sign-in.
                     * @default false
                     */
                    mustChangePassword?: boolean;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The username is taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a type this route accepts */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    displayName?: string;
                    role?: components["schemas"]["Role"];
                    password?: string;
                    disabled?: boolean;
                    mustChangePassword?: boolean;
                };
            };
        };
        responses: {
            /** @description Changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The body is not of a type this route accepts */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAuditEvents: {
        parameters: {
            query?: {
                limit?: number;
                before?: number;
                action?: string;
                targetType?: string;
                targetId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Events */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        events: components["schemas"]["AuditEvent"][];
                    };
                };
            };
            /** @description The request could not be read (bad JSON) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No token, or the token is not valid or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Your role does not allow this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Some of the data is not right (every problem is listed in `errors`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (see Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
