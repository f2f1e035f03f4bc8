from setuptools import find_packages, setup

setup(
    name="gluonlab",
    version="0.1.0",
    description="Dive into Deep Learning (MXNet edition, d2l-zh v1) reproduced with Gluon, fast and tested",
    packages=find_packages(include=["gluonlab", "gluonlab.*"]),
    package_data={"gluonlab": ["schema/*.json", "reference/*.json"]},
    python_requires=">=3.8",
    install_requires=[
        "mxnet==1.9.1",
        # mxnet 1.9.1 reads numpy.bool, which numpy 1.24 removed; numpy<1.24 has no wheel for Python 3.12+, where
        # numpy 1.26 works with the alias restored (gluonlab/_numpy_compat.py) and setuptools gives distutils.
        "numpy>=1.17,<1.24; python_version < '3.12'",
        "numpy>=1.26,<2; python_version >= '3.12'",
        "setuptools; python_version >= '3.12'",
        "pandas>=1.0",
        "matplotlib>=3.1",
        "jsonschema>=3.0",
    ],
    extras_require={
        # GPU: install mxnet-cu112 in place of the CPU wheel: pip uninstall -y mxnet && pip install -e .[gpu]
        "gpu": ["mxnet-cu112==1.9.1"],
        # d2lzh==1.0.0 (the oracle) is installed separately with --no-deps: it declares jupyter (numpy 2).
        # nbclient, nbformat, ipykernel: tests/test_notebook_jupyter.py runs tests/notebooks/*.ipynb in a real
        # kernel; unlike `jupyter` they pull in no numpy.
        "test": ["pytest>=7", "IPython", "nbclient", "nbformat", "ipykernel"],
    },
    entry_points={"console_scripts": ["gluonlab=gluonlab.cli:main"]},
)
