"""Run settings shared by chapter 4's demos: the book's toy input X = nd.random.uniform(shape=(2, 20))."""
from dataclasses import dataclass

from mxnet import nd

from ...config import RunConfig


@dataclass(frozen=True)
class ToyInputConfig(RunConfig):
    batch_size: int = 2
    num_inputs: int = 20

    def toy_input(self):
        """X of shape (batch_size, num_inputs), uniform in [0, 1), on the run's context."""
        return nd.random.uniform(shape=(self.batch_size, self.num_inputs), ctx=self.context())
