"""8.1 Hybrid programming. Book: d2l-zh v1 §8.1 (get_net, benchmark, export, HybridNet)."""
import os
import tempfile
import warnings
from dataclasses import dataclass

from mxnet import gluon, nd, sym

from ...config import RunConfig
from ...models.hybrid import HybridNet, get_net
from ...registry import Result, section
from ...train.sync import benchmark

ID, SLUG, TITLE = "8.1", "hybridize", "Hybrid (imperative + symbolic) programming"


@dataclass(frozen=True)
class Config(RunConfig):
    num_iters: int = 1000
    QUICK = {"num_iters": 20}


def _symbolic_program():
    """The book's imitation of symbolic programming: program text built from strings."""
    add_str = "def add(a, b):\n    return a + b\n"
    fancy_func_str = "def fancy_func(a, b, c, d):\n    e = add(a, b)\n    f = add(c, d)\n    g = add(e, f)\n" \
                     "    return g\n"
    evoke_str = "print(fancy_func(1, 2, 3, 4))\n"
    return add_str + fancy_func_str + evoke_str


@section(ID, SLUG, TITLE, Config)
def run(cfg: Config, report=print) -> Result:
    ctx = cfg.context()
    prog = _symbolic_program()
    report(prog)
    exec(compile(prog, '', 'exec'), {'print': report})   # the program's print goes to the log

    x = nd.random.normal(shape=(1, 512), ctx=ctx)
    net = get_net()
    net.initialize(ctx=ctx)
    imperative = net(x)
    report(imperative)
    net.hybridize()
    hybrid = net(x)
    report(hybrid)

    net = get_net()
    net.initialize(ctx=ctx)
    before = benchmark(net, x, cfg.num_iters)
    report('before hybridizing: %.4f sec' % before)
    net.hybridize()
    after = benchmark(net, x, cfg.num_iters)
    report('after hybridizing: %.4f sec' % after)
    report('speedup: %.2fx' % (before / after))

    with tempfile.TemporaryDirectory() as tmp:     # the book writes my_mlp-* into the working directory
        prefix = os.path.join(tmp, 'my_mlp')
        net.export(prefix)
        report(sorted(os.listdir(tmp)))
        with warnings.catch_warnings():          # 'Cannot decide type for data': it is float32, as given
            warnings.simplefilter('ignore', UserWarning)
            imported = gluon.SymbolBlock.imports(prefix + '-symbol.json', ['data'], prefix + '-0000.params',
                                                 ctx=ctx)
        export_diff = (imported(x) - net(x)).abs().max().asscalar()
    report('exported and imported, max |difference|:', export_diff)
    report(net(sym.var('data')))

    x = nd.random.normal(shape=(1, 4), ctx=ctx)
    hnet = HybridNet(report=report)
    hnet.initialize(ctx=ctx)
    report(hnet(x))
    hnet.hybridize()
    report(hnet(x))
    report(hnet(x))                                # the cached graph runs: nothing printed from inside
    return Result(final={"before_s": before, "after_s": after, "speedup": before / after,
                         "hybridize_max_diff": (imperative - hybrid).abs().max().asscalar(),
                         "export_max_diff": export_diff})
