namespace TimeSformer.Contract;

/// <summary>How a frame of any shape becomes the model's square clip.</summary>
public enum FrameFit
{
    /// <summary>Resize the short side to <see cref="ClipSpec.ShortSide"/>, keeping the aspect ratio, then crop an S x S
    /// square (the official pipeline). A frame that is not square loses the ends of its long side: a 2:1 frame half of it.</summary>
    Crop,

    /// <summary>Resize the whole frame to <see cref="ClipSpec.ShortSide"/> squared, stretching it to a square, then crop
    /// an S x S square. Nothing of the frame is lost; shapes are as wide or tall as the frame's aspect ratio makes them,
    /// the same in training and in scoring.</summary>
    Stretch,
}
