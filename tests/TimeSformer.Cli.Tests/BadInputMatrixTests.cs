using TimeSformer.Cli.Tests.Fixtures;

namespace TimeSformer.Cli.Tests;

/// <summary>The bad-input matrix: options, paths, outputs and data a user could get wrong, each with the exit code,
/// the one <c>error:</c> line and the files it must leave. Every case here stops before any work, so the matrix is
/// fast; cases that score or train are in <see cref="BadInputScenarioTests"/>.</summary>
[TestClass]
public sealed class BadInputMatrixTests
{
    private const string Train = "train --data {data} --output {new} --preset tiny";

    [TestMethod]
    // Numbers that do not parse, are out of range or are not finite: usage errors naming the option.
    [DataRow(2, "Cannot parse argument 'abc' for option '--epochs' as a whole number", Train + " --epochs abc")]
    [DataRow(2, "Cannot parse argument '99999999999' for option '--epochs'", Train + " --epochs 99999999999")]
    [DataRow(2, "Cannot parse argument '1.5' for option '--temporal-clips'", "evaluate --model {model} --data {data} --output {new} --temporal-clips 1.5")]
    [DataRow(2, "Cannot parse argument 'abc' for option '--top-k'", "predict {video} --model {model} --top-k abc")]
    [DataRow(2, "Cannot parse argument 'abc' for option '--classes'", "synth --output {new} --classes abc")]
    [DataRow(2, "--lr must be greater than 0, was -1.", Train + " --lr -1")]
    [DataRow(2, "--lr must be a finite number, was NaN.", Train + " --lr NaN")]
    [DataRow(2, "--lr must be a finite number, was Infinity.", Train + " --lr Infinity")]
    [DataRow(2, "--patience must be at least 0, was -1.", Train + " --patience -1")]
    [DataRow(2, "--test-fraction must be between 0 and 0.95, was 2.", Train + " --test-fraction 2")]
    [DataRow(2, "--size must be between 16 and 4096, was 8.", "synth --output {new} --size 8")]
    [DataRow(2, "ImageSize (30) must be a positive multiple of PatchSize (8)", Train + " --size 30")]
    [DataRow(2, "--backbone-size must be a multiple of 32, was 48.", Train + " --architecture resnet18-timesformer --backbone-size 48")]
    [DataRow(2, "with pixel patches the clip side (32) must be a multiple of the stage-3 map side (10 at backbone 160)", Train + " --architecture resnet18-timesformer --backbone-size 160 --backbone-stage 3 --pixel-patches true")]
    // Unknown verbs and options.
    [DataRow(2, "Unrecognized command or argument 'nosuchverb'", "nosuchverb")]
    [DataRow(2, "Unknown option '--no-such-option'", "predict --no-such-option {video} --model {model}")]
    // A file where a folder is needed, or the reverse.
    [DataRow(2, "--data '{video}' is a video; give a folder of class folders or a CSV manifest", "train --data {video} --output {new}")]
    [DataRow(2, "--output '{file}' is a file; give a folder", "synth --output {file}")]
    [DataRow(2, "--output '{file}' is a file; give a folder", "evaluate --model {model} --data {data} --output {file}")]
    [DataRow(2, "--output '{file}' is a file; give a folder", "bench --quick --output {file}")]
    [DataRow(2, "--output '{file}' is a file; give a folder", "synth-photos --images {novideos} --output {file}")]
    [DataRow(2, "--output '{data}' already holds a benchmark (manifest.csv); pass --force to replace it", "synth-photos --images {novideos} --output {data}")]
    [DataRow(2, "--output '{file}' is a file; give a folder", "train --data {data} --output {file}")]
    [DataRow(2, "--output '{run}' is a folder; give the path of the .onnx file", "export --checkpoint {ckpt} --output {run}")]
    // Outputs that would overwrite an input, a model or a finished run.
    [DataRow(2, "--output '{ckpt}' must end in .onnx.", "export --checkpoint {ckpt} --output {ckpt}")]
    [DataRow(2, "--output '{onnx}' is the input '{onnx}'", "export --checkpoint {onnx} --output {onnx}")]
    [DataRow(2, "--output '{onnx}' exists; pass --force to replace it", "export --checkpoint {ckpt} --output {onnx}")]
    [DataRow(2, "--output '{onnx}' must end in .safetensors.", "import --checkpoint {ckpt} --output {onnx}")]
    [DataRow(2, "--output '{ckpt}' is the input '{ckpt}'", "import --checkpoint {ckpt} --output {ckpt}")]
    [DataRow(2, "--output '{run}' already holds a training run (best.safetensors, last.safetensors", "train --data {data} --output {run} --preset tiny")]
    [DataRow(2, "pass --resume to continue it, --force to replace it, or choose another folder.", "train --data {data} --output {run}")]
    [DataRow(2, "--resume continues the run in --output and --force replaces it: give one of them.", "train --data {data} --output {run} --resume --force")]
    [DataRow(2, "--resume needs the options the run started with; changed: --lr 0.5 (the run used 0.001)",
        "train --data {data} --output {run} --preset tiny --batch-size 4 --resume --lr 0.5")]
    [DataRow(2, "changed: --data", "train --data {file} --output {run} --preset tiny --batch-size 4 --resume")]
    [DataRow(2, "--output '{demo}/train' already holds a training run", "demo --output {demo} --classes 2 --clips-per-class 4")]
    [DataRow(2, "--output '{ablation}' already holds a training run (ablation.md): pass --force", "ablate --data {data} --output {ablation}")]
    // Files that are not what they claim: one line naming the file and the reason.
    [DataRow(1, "Folder '{novideos}' holds no video file (", "predict {novideos} --model {model}")]
    [DataRow(1, "Image folder '{novideos}' holds no .jpg, .jpeg or .png image.", "synth-photos --images {novideos} --output {new}")]
    [DataRow(1, "Cannot decode video '{empty}': it is empty (0 bytes)", "predict {empty} --model {model}")]
    [DataRow(1, "Cannot decode video '{text}': it is not a video", "predict {text} --model {model}")]
    [DataRow(1, "Bad dataset '{binarycsv}': it holds binary data, not a CSV manifest", "train --data {binarycsv} --output {new}")]
    [DataRow(1, "Bad dataset file '{semicolonscsv}', line 1: expected 'path,label[,split]', got 1 field(s): separate the fields with commas, not ';'.",
        "train --data {semicolonscsv} --output {new}")]
    [DataRow(1, "Labels not known to model '{model}': 'no_such_class'; its classes are: ", "evaluate --model {model} --data {foreignlabelcsv} --output {new}")]
    [DataRow(1, "Model file '/no/such/model.onnx' does not exist.", "evaluate --model /no/such/model.onnx --data {data} --output {new}")]
    [DataRow(2, "Model file '{data}' is a folder; give the file.", "predict {video} --model {data}")]
    [DataRow(1, "Model file '{empty}' is empty (0 bytes)", "info {empty}")]
    [DataRow(1, "Checkpoint file '{empty}' is empty (0 bytes)", "export --checkpoint {empty} --output {new}.onnx")]
    [DataRow(1, "Checkpoint '{text}': not a PyTorch checkpoint: torch.save writes a zip archive, and this file is not one.", "export --checkpoint {text} --output {new}.onnx")]
    [DataRow(1, "Checkpoint '{legacypth}': saved in PyTorch's legacy (pre-1.6) format, which TorchSharp cannot read", "import --checkpoint {legacypth} --output {new}.safetensors")]
    public void BadInput_ExitsBeforeWorkWithOneLineAndLosesNothing(int exitCode, string message, string command)
    {
        var inputs = new BadInputs();
        var args = inputs.Expand(command.Split(' '));
        var run = inputs.Used("{run}") ? BadInputs.Snapshot(inputs.Get("{run}")) : null;

        var result = CliRunner.Run(args);

        CliAssert.FailedWithOneLine(result, exitCode, inputs.Expand([message]));
        Assert.IsFalse(result.StdErr.Contains("   at "), "No stack trace without --verbose.");
        Assert.IsFalse(result.StdErr.Contains("(Parameter '"), "No parameter name of our code in a user's error.");
        if (run is not null)
        {
            var after = BadInputs.Snapshot(inputs.Get("{run}"));
            CollectionAssert.AreEquivalent(run.Keys.ToList(), after.Keys.ToList(), "The run keeps exactly its files.");
            foreach (var (file, bytes) in run)
                CollectionAssert.AreEqual(bytes, after[file], $"{file} changed.");
        }
        string created = inputs.Get("{new}");
        if (Directory.Exists(created))
            CollectionAssert.AreEquivalent(new[] { ".timesformer.lock" }, Directory.GetFiles(created).Select(Path.GetFileName).ToList(),
                "A refused command writes nothing but its lock.");
    }

    [TestMethod]
    public void EmptyVideoPath_IsAUsageError()
    {
        var result = CliRunner.Run("predict", "", "--model", CliFixture.Model);
        CliAssert.FailedWithOneLine(result, 2, "A video path is empty.");
    }
}
