/// The ways the context reaches the decoder; they combine (D2L uses both).
public struct ContextDelivery: OptionSet, Sendable, Hashable {
  /// The raw bits.
  public let rawValue: Int

  /// Makes a set from its raw bits.
  public init(rawValue: Int) { self.rawValue = rawValue }

  /// s_0 = the encoder's final state, layer for layer (needs equal numLayers and numHiddens).
  public static let initialState = ContextDelivery(rawValue: 1 << 0)
  /// s_0^l = tanh(c W_l + b_l) for each decoder layer l: a learned bridge for when the encoder
  /// and decoder sizes differ (D2L's exercise 3).
  public static let projectedInitialState = ContextDelivery(rawValue: 1 << 1)
  /// c concatenated to the decoder's input at every step: [embed(y_{t'-1}); c].
  public static let everyInput = ContextDelivery(rawValue: 1 << 2)
  /// D2L's choice: the initial state and every input.
  public static let both: ContextDelivery = [.initialState, .everyInput]
}
