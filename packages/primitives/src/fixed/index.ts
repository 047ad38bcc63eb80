// Fixed-point arithmetic with the reference chain's rounding rules (spec/yuma.md §1).
export {};
