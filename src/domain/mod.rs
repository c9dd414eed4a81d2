//! What a story is and the rules of the movement: a validated `Story`, built
//! from front matter by `validate`, and the rules across stories (`rules`).

pub mod placeholders;
pub mod rules;
pub mod story;
pub mod validate;
