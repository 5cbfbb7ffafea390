import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { isTypeScriptProgram, resolveTypeScriptLoader, TypeScriptLoaderError } from "../../offline-engine/typescript-loader";
import { ROOT, runCli } from "../../testing/run-cli";

/** Writes `files` (relative path to content) under `dir`. */
function write(dir: string, files: Record<string, string>): void {
    for (const [file, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), content);
    }
}

/** A package directory `node_modules/<name>` whose main is index.js. */
function fakePackage(name: string): Record<string, string> {
    return { [`node_modules/${name}/package.json`]: JSON.stringify({ name, version: "0.0.0", main: "index.js" }), [`node_modules/${name}/index.js`]: "" };
}

// Mirrors @pulumi/pulumi's tsutils.typeScriptRequireStrings: the program's own typescript and ts-node first,
// then the copies its @pulumi/pulumi vendors (vendor/typescript@3.8.3, vendor/ts-node@7.0.1).
describe("offline engine: the program's TypeScript loader", () => {
    let tmp: string;

    beforeEach(() => {
        // Outside the repository, so nothing resolves from ses-guard's own node_modules.
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ses-guard-ts-loader-"));
    });

    afterEach(() => {
        fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("takes typescript and ts-node from the program's own node_modules", () => {
        write(tmp, { ...fakePackage("typescript"), ...fakePackage("ts-node") });
        const loader = resolveTypeScriptLoader(tmp);
        assert.equal(fs.realpathSync(loader.typescript), fs.realpathSync(path.join(tmp, "node_modules/typescript/index.js")));
        assert.equal(fs.realpathSync(loader.tsNode), fs.realpathSync(path.join(tmp, "node_modules/ts-node/index.js")));
    });

    it("falls back to the copies the program's @pulumi/pulumi vendors, as a `pulumi new` project (no ts-node) runs", () => {
        write(tmp, {
            ...fakePackage("typescript"),
            "node_modules/@pulumi/pulumi/package.json": JSON.stringify({ name: "@pulumi/pulumi", version: "3.0.0" }),
            "node_modules/@pulumi/pulumi/vendor/ts-node@7.0.1/index.js": "",
            "node_modules/@pulumi/pulumi/vendor/typescript@3.8.3/typescript.js": "",
        });
        const loader = resolveTypeScriptLoader(tmp);
        assert.equal(fs.realpathSync(loader.typescript), fs.realpathSync(path.join(tmp, "node_modules/typescript/index.js")));
        assert.equal(fs.realpathSync(loader.tsNode), fs.realpathSync(path.join(tmp, "node_modules/@pulumi/pulumi/vendor/ts-node@7.0.1/index.js")));
    });

    it("says which loader modules are missing and how to install them", () => {
        write(tmp, fakePackage("typescript"));
        assert.throws(
            () => resolveTypeScriptLoader(tmp),
            (err: unknown) => {
                assert.ok(err instanceof TypeScriptLoaderError);
                assert.match(err.message, /the program is TypeScript, but ts-node cannot be found from there/);
                assert.match(err.message, /npm install --save-dev typescript ts-node/);
                return true;
            },
        );
    });

    it("tells TypeScript programs from JavaScript ones", () => {
        write(tmp, { "ts/index.ts": "", "js/index.js": "", "js/index.ts": "", "main/package.json": '{"main": "src/app.ts"}', "main/src/app.ts": "" });
        assert.equal(isTypeScriptProgram(path.join(tmp, "ts")), true);
        assert.equal(isTypeScriptProgram(path.join(tmp, "js")), false);
        assert.equal(isTypeScriptProgram(path.join(tmp, "main")), true);
        assert.equal(isTypeScriptProgram(path.join(tmp, "main/src/app.ts")), true);
        assert.equal(isTypeScriptProgram(path.join(tmp, "js/index.js")), false);
    });

    it("`ses-guard preview` of a TypeScript program without a loader is a usage error naming the fix", async () => {
        // The program's @pulumi/pulumi is the real SDK without its vendor/ directory: every entry but vendor/ linked in.
        const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [ROOT] }));
        const copy = path.join(tmp, "node_modules/@pulumi/pulumi");
        fs.mkdirSync(copy, { recursive: true });
        for (const entry of fs.readdirSync(sdk)) {
            if (entry === "vendor") continue;
            if (entry === "package.json") fs.copyFileSync(path.join(sdk, entry), path.join(copy, entry));
            else fs.symlinkSync(path.join(sdk, entry), path.join(copy, entry));
        }
        write(tmp, { "Pulumi.yaml": "name: no-loader\nruntime: nodejs\n", "index.ts": "export const x: number = 1;\n" });
        const { code, stdout, stderr } = await runCli(["preview", tmp]);
        assert.equal(code, 2, stdout + stderr);
        assert.match(stderr, /^ses-guard: .*: the program is TypeScript, but typescript and ts-node cannot be found from there/);
        assert.doesNotMatch(stderr, /\n\s+at /);
    });
});
