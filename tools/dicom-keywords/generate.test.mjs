import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "fs";
import { buildRules, outputPath } from "./generate.mjs";

test("the checked-in DicomRules.tsv is what the generator writes from the dictionary", async () => {
    assert.equal(readFileSync(outputPath, "utf8"), await buildRules(), "Run node generate.mjs in tools/dicom-keywords and commit the result.");
});
