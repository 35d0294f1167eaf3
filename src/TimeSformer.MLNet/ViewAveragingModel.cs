using Google.Protobuf;
using Onnx;

namespace TimeSformer.MLNet;

/// <summary>
/// A one-node ONNX graph that averages per-view class probabilities [V, C] into [1, C]. Multi-view scoring needs a
/// known-size score vector, and no public ML.NET transform reduces a vector; an <c>ApplyOnnxModel</c> over this
/// graph does, and is saved into the model .zip like any other.
/// </summary>
internal static class ViewAveragingModel
{
    public static MemoryStream Create(int views, int classes, string inputName, string outputName)
    {
        var node = new NodeProto { Name = "average_views", OpType = "ReduceMean", Input = { inputName }, Output = { outputName } };
        node.Attribute.Add(new AttributeProto { Name = "axes", Type = AttributeProto.Types.AttributeType.Ints, Ints = { 0 } });
        node.Attribute.Add(new AttributeProto { Name = "keepdims", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        var graph = new GraphProto { Name = "average_views", Node = { node } };
        graph.Input.Add(FloatTensor(inputName, views, classes));
        graph.Output.Add(FloatTensor(outputName, 1, classes));
        var model = new ModelProto { IrVersion = 8, ProducerName = "TimeSformer.MLNet", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return new MemoryStream(model.ToByteArray());
    }

    private static ValueInfoProto FloatTensor(string name, params int[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (int d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
