CONN_STR = "DefaultEndpointsProtocol=https;AccountName=lake;AccountKey={{!azure-storage-key:pt-25}};EndpointSuffix=core.windows.net"  #!flag:AG103
SAS_FREE = "DefaultEndpointsProtocol=https;AccountName=lake;AccountKey=<key>;EndpointSuffix=core.windows.net"  #!clean
