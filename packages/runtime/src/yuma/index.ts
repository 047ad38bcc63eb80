// Yuma Consensus epoch: a pure function from inputs to outputs (spec/yuma.md).
export {};
