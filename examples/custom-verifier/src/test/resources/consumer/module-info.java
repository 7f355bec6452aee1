// A consumer of ratify-core as a module: ModulePathIT compiles and runs it.
module io.ratify.examples.consumer {
  requires io.ratify.core;
}
