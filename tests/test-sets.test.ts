import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../testing/run-cli";

/** Every compiled test file, relative to the repository root. */
function compiledTests(dir = path.join(ROOT, "dist", "tests")): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return compiledTests(full);
        return entry.name.endsWith(".test.js") ? [path.relative(ROOT, full).split(path.sep).join("/")] : [];
    });
}

/** The unit set's entries: a folder of tests (`dist/tests/<folder>/**\/*.test.js`) or one test file. */
const FOLDER = /^(dist\/tests\/[a-z0-9/-]+)\/\*\*\/\*\.test\.js$/;

function readJson(file: string): Record<string, unknown> {
    return JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8")) as Record<string, unknown>;
}

describe("test sets: npm test and npm run test:unit", () => {
    const tests = compiledTests();
    const unit = readJson(".mocharc.unit.json") as { spec: string[]; ignore?: string[] };
    const inFolder = (folder: string) => tests.filter((t) => t.startsWith(folder + "/"));

    it("runs every test file in npm test", () => {
        const scripts = readJson("package.json").scripts as Record<string, string>;
        assert.match(scripts.test ?? "", /npm run build && mocha 'dist\/tests\/\*\*\/\*\.test\.js'/);
        assert.equal(readJson(".mocharc.json").spec, undefined, "a spec in .mocharc.json would be added to every mocha command line");
        assert.ok(tests.length > 40, `found ${tests.length} compiled tests`);
    });

    it("lists only folders and files of the unit set that hold tests", () => {
        for (const entry of unit.spec) {
            const folder = FOLDER.exec(entry)?.[1];
            if (folder !== undefined) assert.ok(inFolder(folder).length > 0, `${entry}: no test file there`);
            else assert.ok(tests.includes(entry), `${entry}: neither a folder of tests nor a test file`);
        }
        for (const entry of unit.ignore ?? []) {
            assert.ok(tests.includes(entry), `ignore ${entry}: no such test file`);
            assert.ok(
                unit.spec.some((s) => entry.startsWith((FOLDER.exec(s)?.[1] ?? "\0") + "/")),
                `ignore ${entry}: not inside a listed folder`,
            );
        }
    });
});
