using TimeSformer.Video.Datasets;

namespace TimeSformer.Video.Tests;

[TestClass]
public sealed class DatasetIssuesTests
{
    private static VideoSample Row(string path, string label, string? split) => new($"/v/{path}.avi", label, Split: split);

    private static DatasetIssues Find(params VideoSample[] rows) => DatasetIssues.Find(new VideoDataset(rows));

    [TestMethod]
    public void Find_CleanData_NoIssue()
    {
        var issues = Find(Row("a", "x", "train"), Row("b", "y", "train"), Row("c", "x", "test"), Row("d", "y", "val"));
        Assert.IsEmpty(issues.Errors);
        Assert.IsEmpty(issues.Warnings);
    }

    [TestMethod]
    public void Find_OneClass_IsAnError()
    {
        var issues = Find(Row("a", "x", "train"), Row("b", "x", "test"));
        Assert.AreEqual("the data has 1 class(es) ('x'): a classifier needs at least two.", issues.Errors.Single());
    }

    [TestMethod]
    public void Find_ClassOnlyInTest_IsAnErrorNamingItsRows()
    {
        var issues = Find(Row("a", "x", "train"), Row("b", "y", "train"), Row("c", "z", "test"));
        Assert.AreEqual("class 'z' has no training clip, only '/v/c.avi' (test).", issues.Errors.Single());
    }

    [TestMethod]
    public void Find_ClipInTwoSplits_IsAnError()
    {
        var issues = Find(Row("a", "x", "train"), Row("b", "y", "train"), Row("a", "x", "test"));
        StringAssert.StartsWith(issues.Errors.Single(), "clip '/v/a.avi' is in 2 splits ('train', 'test')");
    }

    [TestMethod]
    public void Find_ClipUnderTwoLabels_IsAnError()
    {
        var issues = Find(Row("a", "x", "train"), Row("b", "y", "train"), Row("a", "y", "train"));
        Assert.AreEqual("clip '/v/a.avi' is listed under 2 labels ('x', 'y').", issues.Errors.Single());
    }

    [TestMethod]
    public void Find_UnknownSplit_IsAnErrorNamingTheRows()
    {
        var issues = Find(Row("a", "x", "train"), Row("b", "y", "train"), Row("c", "y", "holdout"));
        Assert.AreEqual("1 row(s) name an unknown split ('holdout'; known: train, val, test), so they would be left out: '/v/c.avi' (holdout).",
            issues.Errors.Single());
    }

    [TestMethod]
    public void Find_DuplicateRow_IsAWarning()
    {
        var issues = Find(Row("a", "x", "train"), Row("b", "y", "train"), Row("a", "x", "train"));
        Assert.IsEmpty(issues.Errors);
        Assert.AreEqual("clip '/v/a.avi' is listed 2 times: it counts 2 times.", issues.Warnings.Single());
    }
}
